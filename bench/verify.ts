// Benchmark of `vanthu verify` on a 50 MB signed PDF (run: npx tsx bench/verify.ts).
// Generates the PDF (a 50 MB incompressible image stream, signed by an incremental update with
// a test PKI) and a trust folder (root + current CRLs, so revocation is really checked) in a
// temp dir, then measures in fresh child processes so generation does not
// pollute the figures:
//   library – verifyFile() alone: wall time of the call and the process's peak RSS;
//   cli     – `node bin/vanthu.mjs verify FILE --json --trust DIR`: wall time and peak RSS,
//             including Node and tsx start-up (the CLI loads only the command it runs);
//   cliIdle – `node bin/vanthu.mjs --help`, which loads every command module, for comparison.
// A second case, `threeSignatures`: a 50 MB PDF signed by pyHanko three times (signer with a
// signature time-stamp, deputy, agency seal), then /DSS and a document time-stamp
// (test/corpus/signatures/make_bench.py, in the venv of ensurePyhanko) — the multi-revision
// file of issue 14, so the modification analysis of every signature is measured too.
// Writes {seconds, peakRssMB, fileMB, …, threeSignatures: {…}} to bench/out/verify.json.
// Targets: < 2 s, RSS < 3× file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadTrustStore, verifyFile } from '../src/signature/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FILE_BYTES = 50 * 1024 * 1024;
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nBENCH_MAXRSS_KB='+process.resourceUsage().maxRSS+'\\n'))`;

async function child(file: string, trust: string): Promise<void> {
  const store = loadTrustStore(trust);
  const t0 = performance.now();
  const report = verifyFile(file, { trustAnchors: store.anchors, intermediates: store.intermediates, crls: store.crls });
  const seconds = (performance.now() - t0) / 1000;
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  const signatures = report.signatures.map((s) => `${s.type === 'pdf-document-timestamp' ? 'doc-timestamp' : s.pdf?.fieldName}: ${s.indication}${s.subIndication ? '/' + s.subIndication : ''}`);
  process.stdout.write(JSON.stringify({ seconds, peakRssMB, indication: report.overall.indication, signatures, coverage: report.signatures[0]?.coverage }) + '\n');
}

async function generate(dir: string): Promise<string> {
  // The helpers, not fixtures.ts: that one imports vitest's expect, which throws outside vitest.
  const { makePki } = await import('../test/unit/signature/helpers/pki.js');
  const { buildCms } = await import('../test/unit/signature/helpers/cms.js');
  const { makePdf, signPdf } = await import('../test/unit/signature/helpers/pdf.js');
  const p = makePki();
  const base = await makePdf({ bigStreamBytes: FILE_BYTES });
  const cms = (parts: Buffer[]) => buildCms({ certs: [p.signer, p.inter], signingTime: p.now, signer: p.signer, content: parts });
  const signed = await signPdf(base, { cms, m: p.now });
  const file = join(dir, 'signed-50MB.pdf');
  writeFileSync(file, signed);
  // Anchor and current CRLs: without revocation data the verdict would be INDETERMINATE/TRY_LATER.
  mkdirSync(join(dir, 'trust', 'crls'), { recursive: true });
  writeFileSync(join(dir, 'trust', 'root.pem'), p.root.pem);
  writeFileSync(join(dir, 'trust', 'crls', 'root.crl'), p.crls.root);
  writeFileSync(join(dir, 'trust', 'crls', 'inter.crl'), p.crls.inter);
  return file;
}

/** The pyHanko-made 50 MB file with three signatures, DSS and a document time-stamp. */
async function generateThreeSignatures(dir: string): Promise<{ file: string; trust: string }> {
  const { ensurePyhanko } = await import('../src/stack/install.js');
  const python = ensurePyhanko((s) => process.stderr.write(`${s}\n`));
  const out = join(dir, 'pyhanko');
  const r = spawnSync(python, [join(ROOT, 'test', 'corpus', 'signatures', 'make_bench.py'), out, String(FILE_BYTES / (1024 * 1024))], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`make_bench.py failed: ${r.stderr}`);
  return { file: join(out, 'signed-3sig-dss-ts.pdf'), trust: join(out, 'trust') };
}

interface Measured {
  fileMB: number;
  seconds: number;
  peakRssMB: number;
  indication: string;
  signatures?: string[];
  cli: { seconds: number; peakRssMB: number; indication: string | null; exitCode: number | null };
}

function overallOf(json: string): string | null {
  try {
    return (JSON.parse(json) as { overall: { indication: string } }).overall.indication;
  } catch {
    return null;
  }
}

/** verifyFile in a fresh process, then the CLI, on one file. */
function measure(file: string, trust: string): Measured {
  const fileMB = statSync(file).size / (1024 * 1024);
  const lib = run(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', file, trust]);
  if (lib.status !== 0) throw new Error(`library run failed: ${lib.stderr}`);
  const libResult = JSON.parse(lib.stdout.trim().split('\n').at(-1)!) as { seconds: number; peakRssMB: number; indication: string; signatures: string[] };
  const cli = run(process.execPath, ['--import', RSS_HOOK, join(ROOT, 'bin', 'vanthu.mjs'), 'verify', file, '--json', '--trust', trust]);
  const rssKb = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(cli.stderr)?.[1] ?? NaN);
  const cliIndication = overallOf(cli.stdout);
  return {
    fileMB: Number(fileMB.toFixed(2)),
    seconds: Number(libResult.seconds.toFixed(3)),
    peakRssMB: Number(libResult.peakRssMB.toFixed(1)),
    indication: libResult.indication,
    signatures: libResult.signatures,
    cli: { seconds: Number(cli.wall.toFixed(3)), peakRssMB: Number((rssKb / 1024).toFixed(1)), indication: cliIndication, exitCode: cli.status },
  };
}

function run(cmd: string, args: string[]): { wall: number; stdout: string; stderr: string; status: number | null } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { wall: (performance.now() - t0) / 1000, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!, process.argv[4]!);
  const dir = mkdtempSync(join(tmpdir(), 'vanthu-bench-'));
  try {
    const t0 = performance.now();
    const file = await generate(dir);
    const fileMB = statSync(file).size / (1024 * 1024);
    process.stderr.write(`generated ${fileMB.toFixed(1)} MB signed PDF in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    const lib = run(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', file, join(dir, 'trust')]);
    if (lib.status !== 0) throw new Error(`library run failed: ${lib.stderr}`);
    const libResult = JSON.parse(lib.stdout.trim().split('\n').at(-1)!) as { seconds: number; peakRssMB: number; indication: string };

    const cli = run(process.execPath, ['--import', RSS_HOOK, join(ROOT, 'bin', 'vanthu.mjs'), 'verify', file, '--json', '--trust', join(dir, 'trust')]);
    const rssKb = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(cli.stderr)?.[1] ?? NaN);
    // The same CLI doing nothing (--help): start-up cost of Node, tsx and every command module.
    const idle = run(process.execPath, ['--import', RSS_HOOK, join(ROOT, 'bin', 'vanthu.mjs'), '--help']);
    const idleKb = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(idle.stderr)?.[1] ?? NaN);
    let cliIndication: string | null = null;
    try {
      cliIndication = (JSON.parse(cli.stdout) as { overall: { indication: string } }).overall.indication;
    } catch {
      cliIndication = null;
    }

    const result = {
      fileMB: Number(fileMB.toFixed(2)),
      seconds: Number(libResult.seconds.toFixed(3)),
      peakRssMB: Number(libResult.peakRssMB.toFixed(1)),
      indication: libResult.indication,
      cli: { seconds: Number(cli.wall.toFixed(3)), peakRssMB: Number((rssKb / 1024).toFixed(1)), indication: cliIndication, exitCode: cli.status },
      cliIdle: { seconds: Number(idle.wall.toFixed(3)), peakRssMB: Number((idleKb / 1024).toFixed(1)) },
      targets: { seconds: 2, peakRssMB: Number((3 * fileMB).toFixed(1)) },
      threeSignatures: await (async () => {
        const t1 = performance.now();
        const g = await generateThreeSignatures(dir);
        process.stderr.write(`generated the pyHanko 50 MB file (3 signatures, DSS, document time-stamp) in ${((performance.now() - t1) / 1000).toFixed(1)} s\n`);
        const m = measure(g.file, g.trust);
        return { ...m, targets: { seconds: 2, peakRssMB: Number((3 * m.fileMB).toFixed(1)) } };
      })(),
      node: process.version,
      date: new Date().toISOString(),
    };
    mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'out', 'verify.json'), JSON.stringify(result, null, 2) + '\n');
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
