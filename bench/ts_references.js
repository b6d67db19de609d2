// The TypeScript language service's references, for bench/used_by.py: reads {typescript, root, files,
// queries: [[file, utf16Offset], ...]} as JSON on stdin, answers [[[file, utf16Offset], ...], ...] on stdout
// (declarations left out, as archmem's "used by" leaves them out).
"use strict";
const fs = require("fs");
const path = require("path");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const ts = require(input.typescript);
const files = input.files.map((f) => path.join(input.root, f));
const host = {
  getScriptFileNames: () => files,
  getScriptVersion: () => "1",
  getScriptSnapshot: (name) =>
    fs.existsSync(name) ? ts.ScriptSnapshot.fromString(fs.readFileSync(name, "utf8")) : undefined,
  getCurrentDirectory: () => input.root,
  getCompilationSettings: () => ({ target: ts.ScriptTarget.ES2020, strict: true, noEmit: true }),
  getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
  fileExists: ts.sys.fileExists,
  readFile: ts.sys.readFile,
  readDirectory: ts.sys.readDirectory,
};
const service = ts.createLanguageService(host, ts.createDocumentRegistry());
const answers = input.queries.map(([file, offset]) => {
  const found = service.findReferences(path.join(input.root, file), offset) || [];
  const out = [];
  for (const symbol of found) {
    for (const ref of symbol.references) {
      if (ref.isDefinition) continue;
      const rel = path.relative(input.root, ref.fileName);
      if (rel.startsWith("..")) continue; // the standard library's declarations
      out.push([rel, ref.textSpan.start]);
    }
  }
  return out;
});
process.stdout.write(JSON.stringify(answers));
