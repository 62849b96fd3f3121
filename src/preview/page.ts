/** The preview page, its style sheet and its script: the only files the server serves besides images. */
import { escapeHtml } from './html.js';

export function pageHtml(title: string, meetings: readonly string[]): string {
  const picker = meetings.length
    ? `<label>Meeting <select id="meeting">${meetings.map((m) => `<option value="${escapeHtml(m)}">${escapeHtml(m)}</option>`).join('')}</select></label>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — briefdeck preview</title>
<link rel="stylesheet" href="/preview.css">
<script src="/preview.js" defer></script>
</head>
<body>
<header>
  <strong>briefdeck preview</strong> <span id="file">${escapeHtml(title)}</span> ${picker}
  <label title="Show the lines where fitting broke the text, instead of wrapping as PowerPoint and LibreOffice do"><input type="checkbox" id="fit-lines"> fitting's line breaks</label>
  <span id="status" role="status">connecting…</span>
</header>
<div id="error" role="alert" hidden></div>
<main id="deck"></main>
</body>
</html>
`;
}

export const PAGE_CSS = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: #e5e7eb; color: #111827; }
header { position: sticky; top: 0; z-index: 10; display: flex; gap: 1em; align-items: center; padding: 8px 16px; background: #1f2937; color: #f9fafb; }
header #status { margin-left: auto; font-size: 12px; opacity: .8; }
header select { font: inherit; }
#error { margin: 12px 16px; padding: 10px 14px; background: #fef2f2; border: 2px solid #b91c1c; color: #7f1d1d; white-space: pre-wrap; font: 13px/1.5 ui-monospace, monospace; }
#error .loc { font-weight: 700; }
main { padding: 16px; }
main.stale .row { opacity: .35; filter: grayscale(.6); }
.row { display: flex; gap: 16px; align-items: flex-start; margin-bottom: 20px; }
.frame { flex: none; zoom: var(--zoom, .75); box-shadow: 0 1px 4px rgba(0,0,0,.3); }
.slide { position: relative; overflow: hidden; }
.slide > * { position: absolute; }
aside { flex: 1; min-width: 240px; background: #fff; padding: 8px 12px; border-radius: 4px; }
aside h3 { margin: 0 0 6px; font-size: 14px; }
aside small { font-weight: 400; color: #6b7280; }
.warnings { margin: 0 0 8px; padding-left: 18px; color: #92400e; }
.warnings .loc { color: #78350f; }
.notes p { margin: 0 0 6px; white-space: pre-wrap; }
.notes .none { color: #9ca3af; }
.tx, .cell { display: flex; flex-direction: column; overflow: visible; }
.bl { overflow: visible; }
.tb { width: 0; height: 0; }
.tb > .cell { position: absolute; }
.ln { white-space: pre; }
.p { white-space: pre-wrap; overflow-wrap: break-word; }
.it { position: relative; }
.bu { position: absolute; top: 0; }
.im { object-fit: fill; }
.refg { border: 1px dashed rgba(107,114,128,.35); }
.im.missing { background: repeating-linear-gradient(45deg, #fca5a5 0 8px, #fff 8px 16px); }
`;

export const PAGE_JS = `
'use strict';
(() => {
  const deck = document.getElementById('deck');
  const errorBox = document.getElementById('error');
  const status = document.getElementById('status');
  const picker = document.getElementById('meeting');
  let source;
  function show(state) {
    if (typeof state.html === 'string') deck.innerHTML = state.html;
    deck.classList.toggle('stale', Boolean(state.error));
    if (state.error) {
      errorBox.hidden = false;
      errorBox.textContent = '';
      for (const line of state.error.lines) {
        const div = document.createElement('div');
        const m = /^(\\S+:\\d+(?::\\d+)?): ([\\s\\S]*)$/.exec(line);
        if (m) {
          const loc = document.createElement('span');
          loc.className = 'loc';
          loc.textContent = m[1];
          div.append(loc, ': ' + m[2]);
        } else div.textContent = line;
        errorBox.append(div);
      }
    } else {
      errorBox.hidden = true;
      errorBox.textContent = '';
    }
    status.textContent = (state.error ? 'error' : 'ok') + ' · build ' + state.version + ' · ' + state.slides + ' slides · ' + state.ms + ' ms';
    document.documentElement.dataset.version = String(state.version);
  }
  const fitLines = document.getElementById('fit-lines');
  function connect(meeting) {
    if (source) source.close();
    const q = new URLSearchParams();
    if (meeting) q.set('meeting', meeting);
    if (fitLines.checked) q.set('lines', 'fit');
    source = new EventSource('/events' + (q.size ? '?' + q : ''));
    source.onmessage = (e) => show(JSON.parse(e.data));
    source.onerror = () => { status.textContent = 'disconnected; retrying…'; };
  }
  const params = new URLSearchParams(location.search);
  fitLines.addEventListener('change', () => connect(picker ? picker.value : null));
  if (picker) {
    if (params.get('meeting')) picker.value = params.get('meeting');
    picker.addEventListener('change', () => {
      history.replaceState(null, '', '?meeting=' + encodeURIComponent(picker.value));
      connect(picker.value);
    });
    connect(picker.value);
  } else connect(null);
})();
`;
