// Writes the API report of each public package (api/<name>.api.md) with API Extractor; with
// --check, fails when a committed report differs from the code, so API changes show in review.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const check = process.argv.includes('--check');

/** Public packages: their folder and entry point. Each has an api-extractor.json. */
const PACKAGES = [
  { dir: 'libs/plugin-sdk', entry: 'src/index.ts' },
  { dir: 'libs/sdk', entry: 'src/index.ts' },
];

/**
 * Declarations are emitted with the repository's TypeScript; API Extractor reads only those
 * .d.ts files with the compiler it bundles, so a newer TypeScript in the repository does not
 * need to be one API Extractor understands.
 */
function emitDeclarations(pkgDir, entry, outDir) {
  const program = ts.createProgram([path.join(pkgDir, entry)], {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    types: ['node'],
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: path.join(pkgDir, 'src'),
    outDir,
  });
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0) {
    const host = {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => '\n',
    };
    throw new Error(ts.formatDiagnostics(diagnostics, host));
  }
}

let failed = false;
for (const pkg of PACKAGES) {
  const pkgDir = path.join(root, pkg.dir);
  const name = path.basename(pkg.dir);
  // Under the package's dist/ (ignored by git): API Extractor takes anything under node_modules
  // for an external package and would not follow the declarations' own imports.
  const work = path.join(pkgDir, 'dist', 'api-report-work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const typesDir = path.join(work, 'types');
  emitDeclarations(pkgDir, pkg.entry, typesDir);

  const configFile = path.join(pkgDir, 'api-extractor.json');
  const configObject = ExtractorConfig.loadFile(configFile);
  configObject.mainEntryPointFilePath = path.join(
    typesDir,
    pkg.entry.replace(/^src\//, '').replace(/\.ts$/, '.d.ts'),
  );
  configObject.apiReport = {
    ...configObject.apiReport,
    reportTempFolder: path.join(work, 'report'),
  };
  const config = ExtractorConfig.prepare({
    configObject,
    configObjectFullPath: configFile,
    packageJsonFullPath: path.join(pkgDir, 'package.json'),
  });
  mkdirSync(config.reportFolder, { recursive: true });
  const result = Extractor.invoke(config, {
    localBuild: !check,
    messageCallback: (message) => {
      // The report itself is the output; progress lines would only hide warnings.
      if (message.logLevel === 'info' || message.logLevel === 'verbose') message.handled = true;
    },
  });
  const report = path.relative(root, config.reportFilePath);
  if (check && result.apiReportChanged) {
    console.error(
      `${report} differs from the code: run node tools/generate/api-reports.mjs and commit it`,
    );
    failed = true;
  } else if (!result.succeeded) {
    console.error(`${report}: API Extractor reported ${result.errorCount} error(s)`);
    failed = true;
  } else {
    console.log(`${check ? 'checked' : 'wrote'} ${report}`);
  }
}
if (failed) process.exitCode = 1;
