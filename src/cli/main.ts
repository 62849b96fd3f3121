import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BriefdeckError, EXIT, type ExitCode } from '../base/errors.js';
import type { BatchReport } from '../batch/run.js';
import type { CliIO } from './io.js';

export type { CliIO };

const processIO: CliIO = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  tty: Boolean(process.stderr.isTTY),
};

function parsePositive(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} takes a whole number of at least 1`);
  return n;
}

function reportError(io: CliIO, err: unknown, debug: boolean): ExitCode {
  if (err instanceof BriefdeckError) {
    io.err((err instanceof BriefdeckError && err.problems.length > 0) ? err.format() : `error: ${err.format()}`);
    if (debug) {
      let cause: unknown = err.cause;
      while (cause) {
        io.err(`  caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
        cause = cause instanceof Error ? cause.cause : undefined;
      }
    }
    return err.exitCode;
  }
  io.err(`internal error: ${err instanceof Error ? (debug ? (err.stack ?? err.message) : err.message) : String(err)}`);
  if (!debug) io.err('run again with --debug for the stack trace, and report it as a bug');
  return EXIT.internal;
}

const EXIT_HELP = `
Exit codes:
  0  success
  1  a build failed, or \`check\` found problems
  2  usage error (unknown command or option)
  3  invalid content or theme file (every problem is listed as file:line:col)
  4  template error (missing layout, Handlebars or slide-markup error)
  5  cannot write the output
  70 internal error (a bug; --debug shows the stack)`;

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
    .option('-o, --out <dir>', 'output folder', 'out')
    .addOption(new Option('-t, --templates <name|dir>', 'built-in template set name, or a folder of templates'))
    .addOption(new Option('-j, --jobs <n>', 'worker threads (default: one per core)').argParser((v) => parsePositive(v, '-j')))
    .option('--force', 'rebuild decks even when nothing they depend on has changed')
    .option('--shard <K/N>', 'build only the K-th of N parts, e.g. 2/4 (for spreading a batch over machines)')
    .option('--verbose', 'on a terminal, list every deck at the end, not only failures and warnings')
    .option('--watch', 'build again on every save of the content, manifest, templates, themes or images (Ctrl-C stops)')
    .option('--pdf', 'also write a PDF beside each deck, through LibreOffice (soffice)')
    .option('--notes', 'with --pdf: notes pages (each slide above its speaker notes) instead of slides')
    .addHelpText(
      'after',
      `\nExamples:\n  $ briefdeck build data/xi-south-korea-visit.yaml            # writes out/xi-south-korea-visit.pptx\n  $ briefdeck build data/meetings.yaml                         # one deck per meeting\n  $ briefdeck build data/ "more/*.yaml" -o decks -j 4\n  $ briefdeck build data/visit.yaml -t memo                    # or -t ./my-templates\n  $ briefdeck build data/meetings.yaml --shard 1/3             # this machine's third\n  $ briefdeck build data/visit.yaml --watch                    # rebuild on every save\n  $ briefdeck build data/visit.yaml --pdf                      # and out/visit.pdf\n\nUnchanged decks are skipped (content hashes; --force rebuilds). A report goes to OUT/build-report.json.`,
    )
    .action(async (inputs: string[], opts: { out: string; templates?: string; jobs?: number; force?: boolean; shard?: string; verbose?: boolean; watch?: boolean; pdf?: boolean; notes?: boolean }) => {
      if (opts.notes && !opts.pdf) {
        io.err('error: --notes needs --pdf');
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
          await watchBuild(inputs, { outDir: opts.out, ...(opts.templates ? { template: opts.templates } : {}), ...(opts.jobs ? { jobs: opts.jobs } : {}), ...(opts.pdf ? { afterBuild: pdfs } : {}) }, io.out, io.signal);
        } catch (err) {
          code = reportError(io, err, debug());
        }
        return;
      }
      const { buildBatch } = await import('../batch/run.js');
      const { parseShard } = await import('../batch/plan.js');
      const { createReporter, summary } = await import('./reporter.js');
      const { writeAtomic } = await import('../base/write.js');
      try {
        const reporter = await createReporter(io, { tty: Boolean(io.tty) && !process.env['CI'], verbose: Boolean(opts.verbose), debug: debug() });
        const report = await buildBatch(inputs, {
          outDir: opts.out,
          ...(opts.templates ? { template: opts.templates } : {}),
          ...(opts.jobs ? { jobs: opts.jobs } : {}),
          ...(opts.force ? { force: true } : {}),
          ...(opts.shard ? { shard: parseShard(opts.shard) } : {}),
          onPlan: (ids) => reporter.plan(ids),
          onResult: (r) => reporter.result(r),
        });
        reporter.end(report);
        await writeAtomic(join(opts.out, 'build-report.json'), Buffer.from(`${JSON.stringify(report, null, 2)}\n`));
        const decks = report.decks;
        if (decks.length !== 1 || report.summary.failed > 0) for (const l of summary(report)) io.err(l);
        const failed = decks.filter((d) => d.status === 'failed');
        // one deck: its own exit code (3 content, 4 template…); a batch: 1 if any deck failed
        if (failed.length > 0) code = decks.length === 1 ? (failed[0]!.error?.exitCode ?? EXIT.failure) : EXIT.failure;
        if (opts.pdf) await pdfs(report);
      } catch (err) {
        code = reportError(io, err, debug());
      }
    });

  program
    .command('preview')
    .description('serve a live preview of a deck in the browser, rebuilt on every save')
    .argument('<file>', 'a content file or a meetings.yaml manifest')
    .addOption(new Option('-t, --templates <name|dir>', 'built-in template set name, or a folder of templates'))
    .addOption(new Option('--port <n>', 'port to listen on (0: any free port)').default(4477).argParser((v) => (v === '0' ? 0 : parsePositive(v, '--port'))))
    .option('--host <host>', 'address to listen on; anything but loopback lets other machines see your content', '127.0.0.1')
    .addHelpText(
      'after',
      `\nExamples:\n  $ briefdeck preview data/xi-south-korea-visit.yaml\n  $ briefdeck preview data/meetings.yaml -t ./my-templates --port 8080\n\nOpen the URL it prints. Saving the content, a template, a theme or an image redraws the page.`,
    )
    .action(async (file: string, opts: { templates?: string; port: number; host: string }) => {
      const { startPreview } = await import('../preview/server.js');
      try {
        const server = await startPreview({ file, port: opts.port, host: opts.host, ...(opts.templates ? { template: opts.templates } : {}) });
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
    .description('check content files against the content model and report every problem')
    .argument('<files...>', 'content YAML files')
    .addHelpText('after', `\nExamples:\n  $ briefdeck validate data/xi-south-korea-visit.yaml\n  $ briefdeck validate data/*.yaml`)
    .action(async (files: string[]) => {
      const { loadContent } = await import('../api/content.js');
      for (const file of files) {
        try {
          await loadContent(file);
          io.out(`${file}: ok`);
        } catch (err) {
          const c = reportError(io, err, debug());
          if (code === EXIT.ok) code = c;
        }
      }
    });

  program
    .command('check')
    .description('inspect .pptx files for schema errors, package-rule violations and known PowerPoint repair triggers')
    .argument('<decks...>', '.pptx files, from briefdeck or anything else')
    .option('--no-schemas', 'skip XSD validation (faster); package rules and repair triggers still run')
    .addHelpText('after', `\nExamples:\n  $ briefdeck check out/xi-south-korea-visit.pptx\n  $ briefdeck check out/*.pptx --no-schemas\n\nPrints one line per problem (deck.pptx: part:line: message) and exits 1 if there is any.`)
    .action(async (decks: string[], opts: { schemas: boolean }) => {
      const { checkDeck, formatDeckProblem } = await import('../api/check.js');
      let total = 0;
      for (const deck of decks) {
        let data: Buffer;
        try {
          data = await readFile(deck);
        } catch (err) {
          io.err(`error: ${deck}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
          if (code === EXIT.ok) code = EXIT.failure;
          continue;
        }
        const problems = await checkDeck(data, { schemas: opts.schemas });
        for (const p of problems) io.out(formatDeckProblem(deck, p));
        total += problems.length;
      }
      io.err(`checked ${decks.length} deck(s): ${total === 0 ? 'no problems' : `${total} problem(s)`}`);
      if (total > 0 && code === EXIT.ok) code = EXIT.failure;
    });

  const templates = program
    .command('templates')
    .description('list or eject template sets')
    .addHelpText('after', `\nExamples:\n  $ briefdeck templates list\n  $ briefdeck templates eject briefing my-templates`);
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
