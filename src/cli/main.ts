import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { BatchReport } from '../batch/run.js';
import { EXIT, toErrorRecord, type ErrorRecord, type ExitCode } from '../base/errors.js';
import { plural } from '../base/words.js';
import type { CliIO } from './io.js';

export type { CliIO };

const processIO: CliIO = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  tty: Boolean(process.stderr.isTTY),
};

/** A path or name flag given as "" (an unset shell variable) is a usage error, not the working folder. */
const nonEmpty = (flag: string) => (v: string) => {
  if (v.trim() === '') throw new InvalidArgumentError(`${flag} needs a value, not an empty string`);
  return v;
};

function parsePositive(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} takes a whole number of at least 1`);
  return n;
}

/** An error as the CLI prints it: one line per problem; stacks and causes only with --debug. */
export function printError(io: CliIO, e: ErrorRecord, debug: boolean): void {
  if (e.code === 'INTERNAL') {
    io.err(debug && e.stack ? `internal error: ${e.stack}` : e.display);
    if (!debug) io.err('run again with --debug for the stack trace, and report it as a bug');
    return;
  }
  if (e.problems?.length) for (const l of e.display.split('\n')) io.err(l);
  else io.err(`error: ${e.display}`);
  if (debug) for (const c of e.causes ?? []) io.err(`  caused by: ${c}`);
}

/** A meeting's own error (its template, its output) says which meeting; content problems name their file already. */
function forMeeting(r: { meeting?: string; meetingAt?: string }, e: ErrorRecord): ErrorRecord {
  return r.meeting && !e.problems?.length ? { ...e, display: `meeting "${r.meeting}" (${r.meetingAt ?? ''}): ${e.display}` } : e;
}

function reportError(io: CliIO, err: unknown, debug: boolean): ExitCode {
  const e = toErrorRecord(err);
  printError(io, e, debug);
  return e.exitCode;
}

const EXIT_HELP = `
Exit codes:
  0    success
  1    a batch (more than one deck) had a failed deck, pptxgenjs could not render a deck, \`check\` found problems or could not read a deck, or briefdeck is not built (run npm install)
  2    usage error: unknown command or option, a bad -o, --shard or SOURCE_DATE_EPOCH
  3    invalid content or theme file (every problem is listed as file:line:col)
  4    template error (missing layout, Handlebars or slide-markup error, a refused image)
  5    cannot write the output
  70   internal error (a bug; --debug shows the stack)
  130  interrupted by Ctrl-C (SIGINT); the decks already built are kept and recorded
  143  stopped by SIGTERM, likewise`;

/** Report lines as JSON, without the stacks that only --debug prints. */
const reportJson = (report: BatchReport) => `${JSON.stringify(report, (k, v: unknown) => (k === 'stack' || k === 'causes' ? undefined : v), 2)}\n`;

/** Run the CLI with `argv` (without node and script); resolves to the exit code. Never exits. */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('briefdeck')
    .description('Turn a YAML content model of a meeting or visit into a PowerPoint briefing deck.')
    .version(await version(), '-V, --version')
    .option('--debug', 'show the cause chain and stack of errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .addHelpText('after', `\nExamples:\n  $ briefdeck build data/xi-south-korea-visit.yaml\n  $ briefdeck validate data/*.yaml\n  $ briefdeck schema > schema/content.schema.json\n${EXIT_HELP}`);
  const debug = () => Boolean(program.opts<{ debug?: boolean }>().debug);

  program
    .command('build')
    .description('build content files, folders, globs and meetings.yaml manifests into OUT/<name>.pptx')
    .argument('<inputs...>', 'content files, folders, globs ("data/*.yaml") or meetings.yaml manifests')
    .addOption(new Option('-o, --out <dir|file.pptx>', 'output folder, or the file of a single deck').default('out').argParser(nonEmpty('-o')))
    .addOption(new Option('-t, --templates <name|dir>', 'built-in template set name, or a folder of templates').argParser(nonEmpty('-t')))
    .addOption(new Option('--reference <file>', "build on an office's own PowerPoint template (.potx or .pptx): its size, theme, masters and layouts").argParser(nonEmpty('--reference')))
    .addOption(new Option('-j, --jobs <n>', 'worker threads for a batch (default: one per core)').argParser((v) => parsePositive(v, '-j')))
    .option('--force', 'rebuild decks even when nothing they depend on has changed')
    .option('--shard <K/N>', 'build only the K-th of N parts, e.g. 2/4 (for spreading a batch over machines)')
    .option('--report [file]', 'write the JSON build report (a batch writes OUT/build-report.json anyway)')
    .option('--verbose', 'on a terminal, list every deck at the end, not only failures and warnings')
    .option('--watch', 'build again on every save of the content, manifest, templates, themes or images (Ctrl-C stops)')
    .option('--pdf', 'also write a PDF beside each deck, through LibreOffice (soffice)')
    .option('--notes', 'with --pdf: notes pages (each slide above its speaker notes) instead of slides')
    .addHelpText(
      'after',
      `\nExamples:\n  $ briefdeck build data/xi-south-korea-visit.yaml            # writes out/xi-south-korea-visit.pptx\n  $ briefdeck build data/visit.yaml -o briefing.pptx           # one deck, to a file\n  $ briefdeck build data/meetings.yaml                         # one deck per meeting\n  $ briefdeck build data/ "more/*.yaml" -o decks -j 4\n  $ briefdeck build data/visit.yaml -t memo                    # or -t ./my-templates\n  $ briefdeck build data/visit.yaml --reference office.potx    # on the office's own template\n  $ briefdeck build data/meetings.yaml --shard 1/3             # this machine's third\n  $ briefdeck build data/visit.yaml --watch                    # rebuild on every save\n  $ briefdeck build data/visit.yaml --pdf                      # and out/visit.pdf\n\nA batch (more than one deck) skips unchanged decks (content hashes in OUT/.briefdeck-cache.json;\n--force rebuilds) and writes OUT/build-report.json. A single deck is always built, and only the deck\nis written (--report writes its report too). Ctrl-C stops at once and keeps the previous decks.`,
    )
    .action(async (inputs: string[], opts: { out: string; templates?: string; reference?: string; jobs?: number; force?: boolean; shard?: string; report?: string | boolean; verbose?: boolean; watch?: boolean; pdf?: boolean; notes?: boolean }) => {
      if (opts.notes && !opts.pdf) {
        io.err('error: --notes needs --pdf');
        code = EXIT.usage;
        return;
      }
      // --report's file name is optional, so `--report a.yaml b.yaml` takes a.yaml as the report's
      // name and would write JSON over that content file: a report's name must end in .json
      if (typeof opts.report === 'string' && !/\.json$/i.test(opts.report)) {
        io.err(`error: --report writes JSON, to a file whose name ends in .json, not "${opts.report}" (put --report after the inputs, or write --report=FILE.json)`);
        code = EXIT.usage;
        return;
      }
      /** PDFs of the decks a build wrote, and of unchanged decks that have none yet. */
      const pdfs = async (report: BatchReport) => {
        const { writePdfs } = await import('../preview/pdf.js');
        const decks = report.decks.filter((d) => d.status === 'built' || (d.status === 'skipped' && !existsSync(d.output.replace(/\.pptx$/, '.pdf')))).map((d) => d.output);
        if (decks.length) for (const f of await writePdfs(decks, { notes: Boolean(opts.notes) })) io.out(`wrote ${f}`);
      };
      if (opts.watch) {
        const { watchBuild } = await import('./watch.js');
        try {
          await watchBuild(inputs, { outDir: opts.out, ...(opts.templates ? { template: opts.templates } : {}), ...(opts.reference ? { reference: opts.reference } : {}), ...(opts.jobs ? { jobs: opts.jobs } : {}), ...(opts.pdf ? { afterBuild: pdfs } : {}) }, io.out, io.signal);
        } catch (err) {
          code = reportError(io, err, debug());
        }
        return;
      }
      const { buildBatch } = await import('../batch/run.js');
      const { parseShard } = await import('../batch/plan.js');
      const { createReporter, deckLines, summary } = await import('./reporter.js');
      const { holdSignals, SIGNAL_EXIT } = await import('./signals.js');
      const { writeAtomic } = await import('../base/write.js');
      let reporter: Awaited<ReturnType<typeof createReporter>> | undefined;
      try {
        reporter = await createReporter(io, { tty: Boolean(io.tty) && !process.env['CI'], verbose: Boolean(opts.verbose), debug: debug() });
        const bar = reporter;
        // -o deck.pptx: the file of a single deck, not a folder named like one
        const outFile = /\.pptx$/i.test(opts.out) ? opts.out : undefined;
        let single = false;
        const report = await buildBatch(inputs, {
          ...(outFile ? { outFile } : { outDir: opts.out }),
          ...(opts.templates ? { template: opts.templates } : {}),
          ...(opts.reference ? { reference: opts.reference } : {}),
          ...(opts.jobs ? { jobs: opts.jobs } : {}),
          ...(opts.force ? { force: true } : {}),
          ...(opts.shard ? { shard: parseShard(opts.shard) } : {}),
          onPlan: (ids) => {
            single = ids.length === 1;
            if (!single) bar.plan(ids);
          },
          onResult: (r) => {
            if (!single) bar.result(r);
          },
          interrupts: holdSignals,
        });
        reporter.end(report);
        const deck = report.decks[0];
        if (single && deck) {
          // one deck: its line and warnings, or its error alone, with its own exit code
          if (deck.error) {
            printError(io, forMeeting(deck, deck.error), debug());
            code = deck.error.exitCode;
          } else {
            const { out, err } = deckLines(deck);
            io.out(out);
            for (const l of err) io.err(l);
          }
        } else {
          io.err(summary(report));
          if (report.interrupted) code = SIGNAL_EXIT[report.interrupted];
          else if (report.summary.failed > 0) code = EXIT.failure;
        }
        // the report: asked for, or a batch's, and never the only file a build leaves behind
        const file = typeof opts.report === 'string' ? opts.report : join(report.outDir, 'build-report.json');
        if (opts.report !== undefined || (!single && (report.summary.built > 0 || existsSync(file)))) await writeAtomic(file, Buffer.from(reportJson(report)));
        if (opts.pdf && !report.interrupted) await pdfs(report);
      } catch (err) {
        reporter?.end(undefined);
        code = reportError(io, err, debug());
      }
    });

  program
    .command('preview')
    .description('serve a live preview of a deck in the browser, rebuilt on every save')
    .argument('<file>', 'a content file or a meetings.yaml manifest')
    .addOption(new Option('-t, --templates <name|dir>', 'built-in template set name, or a folder of templates').argParser(nonEmpty('-t')))
    .addOption(new Option('--reference <file>', "an office's own PowerPoint template (.potx or .pptx) to build on").argParser(nonEmpty('--reference')))
    .addOption(new Option('--port <n>', 'port to listen on (0: any free port)').default(4477).argParser((v) => {
      const n = Number(v);
      if (v.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('--port takes a port number from 0 to 65535 (0: any free port)');
      return n;
    }))
    .option('--host <host>', 'address to listen on; anything but loopback lets other machines see your content', '127.0.0.1')
    .addHelpText(
      'after',
      `\nExamples:\n  $ briefdeck preview data/xi-south-korea-visit.yaml\n  $ briefdeck preview data/meetings.yaml -t ./my-templates --port 8080\n\nOpen the URL it prints. Saving the content, a template, a theme or an image redraws the page.`,
    )
    .action(async (file: string, opts: { templates?: string; reference?: string; port: number; host: string }) => {
      const { startPreview } = await import('../preview/server.js');
      try {
        const server = await startPreview({ file, port: opts.port, host: opts.host, ...(opts.templates ? { template: opts.templates } : {}), ...(opts.reference ? { reference: opts.reference } : {}) });
        server.onRebuild((e) =>
          e.ok ? io.out(`[${new Date().toTimeString().slice(0, 8)}] ${e.meeting ? `${e.meeting}: ` : ''}${e.slides} slides in ${e.ms} ms`) : io.err(`[${new Date().toTimeString().slice(0, 8)}] ${e.meeting ? `${e.meeting}: ` : ''}${e.error}`),
        );
        io.out(`previewing ${file} at ${server.url} (Ctrl-C stops)`);
        if (opts.host !== '127.0.0.1' && opts.host !== 'localhost' && opts.host !== '::1') io.err(`warning: listening on ${opts.host}: other machines can see this deck`);
        await new Promise<void>((ok) => {
          if (io.signal?.aborted) return ok();
          io.signal?.addEventListener('abort', () => ok(), { once: true });
        });
        await server.close();
      } catch (err) {
        code = reportError(io, err, debug());
      }
    });

  program
    .command('validate')
    .description('check content files and manifests as build would, without rendering or writing anything')
    .argument('<inputs...>', 'content files, folders, globs ("data/*.yaml") or meetings.yaml manifests')
    .addOption(new Option('-t, --templates <name|dir>', 'built-in template set name, or a folder of templates').argParser(nonEmpty('-t')))
    .addHelpText(
      'after',
      `\nExamples:\n  $ briefdeck validate data/xi-south-korea-visit.yaml\n  $ briefdeck validate data/*.yaml\n  $ briefdeck validate data/meetings.yaml -t memo\n\nChecks the content, each meeting's overrides, the template set and its theme, logos and layout names.`,
    )
    .action(async (inputs: string[], opts: { templates?: string }) => {
      const { validateInputs } = await import('../batch/validate.js');
      const { formatWarning } = await import('./reporter.js');
      try {
        const printed = new Set<string>();
        for (const r of await validateInputs(inputs, opts.templates ? { template: opts.templates } : {})) {
          if (!r.error) {
            io.out(`${r.name}: ok`);
            for (const w of r.warnings) io.err(formatWarning(w));
            continue;
          }
          // meetings over one broken content file share its error: print it once
          const e = forMeeting(r, r.error);
          if (!printed.has(e.display)) printError(io, e, debug());
          printed.add(e.display);
          if (code === EXIT.ok) code = r.error.exitCode;
        }
      } catch (err) {
        code = reportError(io, err, debug());
      }
    });

  program
    .command('check')
    .description('inspect .pptx files for schema errors, package-rule violations and known PowerPoint repair triggers')
    .argument('<decks...>', '.pptx files, from briefdeck or anything else')
    .option('--no-schemas', 'skip XSD validation (faster); package rules and repair triggers still run')
    .addHelpText('after', `\nExamples:\n  $ briefdeck check out/xi-south-korea-visit.pptx\n  $ briefdeck check out/*.pptx --no-schemas\n\nPrints one line per problem (deck.pptx: part:line: message) and exits 1 if there is any, or if a file cannot be read.`)
    .action(async (decks: string[], opts: { schemas: boolean }) => {
      const { checkDeck, formatDeckProblem } = await import('../api/check.js');
      let total = 0;
      let unread = 0;
      for (const deck of decks) {
        let data: Buffer;
        try {
          data = await readFile(deck);
        } catch (err) {
          const c = (err as NodeJS.ErrnoException).code;
          io.err(`error: ${deck}: ${c === 'ENOENT' ? 'no such file' : c === 'EISDIR' ? 'is a folder, not a .pptx file' : `cannot read (${c ?? String(err)})`}`);
          unread++;
          continue;
        }
        const problems = await checkDeck(data, { schemas: opts.schemas });
        for (const p of problems) io.out(formatDeckProblem(deck, p));
        total += problems.length;
      }
      const read = decks.length - unread;
      if (read > 0) io.err(`checked ${plural(read, 'deck')}: ${total === 0 ? 'no problems' : plural(total, 'problem')}${unread ? `; ${plural(unread, 'file')} could not be read` : ''}`);
      if (total > 0 || unread > 0) code = EXIT.failure;
    });

  const templates = program
    .command('templates')
    .description('list, eject or make template sets')
    .addHelpText('after', `\nExamples:\n  $ briefdeck templates list\n  $ briefdeck templates eject briefing my-templates\n  $ briefdeck templates from office.potx my-templates`);
  templates
    .command('list')
    .description('show the built-in template sets and the project template folders found')
    .argument('[content]', 'a content file, to find the template folder beside it')
    .addHelpText('after', `\nExamples:\n  $ briefdeck templates list\n  $ briefdeck templates list data/visit.yaml`)
    .action(async (content: string | undefined) => {
      const { listSets } = await import('../api/templates.js');
      try {
        for (const s of listSets(content)) io.out(`${s.kind.padEnd(9)} ${s.name.padEnd(12)} ${s.path}${s.description ? `  — ${s.description}` : ''}`);
      } catch (err) {
        code = reportError(io, err, debug());
      }
    });
  templates
    .command('eject')
    .description('copy a built-in set into a folder, to customise it')
    .argument('<name>', 'built-in set, e.g. briefing')
    .argument('<dir>', 'a new or empty folder')
    .addHelpText(
      'after',
      `\nExamples:\n  $ briefdeck templates eject briefing my-templates\n  $ briefdeck build data/visit.yaml -t my-templates\n\nDelete the files you do not change: a folder given with -t overrides the built-in set file by file.`,
    )
    .action(async (name: string, dir: string) => {
      const { ejectSet } = await import('../api/templates.js');
      try {
        const files = ejectSet(name, dir);
        io.out(`ejected "${name}" to ${dir} (${files.length} files)`);
      } catch (err) {
        code = reportError(io, err, debug());
      }
    });

  templates
    .command('from')
    .description("write a template folder built on an office's own PowerPoint template, ready to edit")
    .argument('<reference>', 'the office template, a .potx or .pptx')
    .argument('<dir>', 'a new or empty folder')
    .addHelpText(
      'after',
      `\nExamples:\n  $ briefdeck templates from office.potx office\n  $ briefdeck build data/visit.yaml -t office\n\nThe folder gets a copy of the template and a theme.yaml with its colours, fonts and the layout\neach slide kind is built on, each key with a comment.`,
    )
    .action(async (reference: string, dir: string) => {
      const { templatesFromReference } = await import('../api/from-reference.js');
      try {
        const files = templatesFromReference(reference, dir);
        io.out(`wrote ${files.map((f) => join(dir, f)).join(', ')}`);
      } catch (err) {
        code = reportError(io, err, debug());
      }
    });

  program
    .command('schema')
    .description('print the JSON Schema of the content model (or of meetings.yaml manifests)')
    .option('--manifest', 'the schema of a meetings.yaml manifest instead')
    .addHelpText('after', `\nExamples:\n  $ briefdeck schema > schema/content.schema.json\n  $ briefdeck schema --manifest > schema/meetings.schema.json`)
    .action(async (opts: { manifest?: boolean }) => {
      const { contentJsonSchema, manifestJsonSchema } = await import('../api/content.js');
      io.out(JSON.stringify(opts.manifest ? manifestJsonSchema() : contentJsonSchema(), null, 2));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    return reportError(io, err, argv.includes('--debug'));
  }
  return code;
}

async function version(): Promise<string> {
  return (await import('../base/version.js')).version();
}
