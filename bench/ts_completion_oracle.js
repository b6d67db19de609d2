// The TypeScript language service's definitions, for bench/completion.py's TypeScript recall: reads
// {typescript, root, files, queries: [[file, utf16Offset], ...]} as JSON on stdin, answers
// [[[file, utf16Offset], ...], ...] on stdout: where each queried identifier is declared (the declared
// name's start), inside the root only (the standard library's declarations are left out).
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
  const found = service.getDefinitionAtPosition(path.join(input.root, file), offset) || [];
  const out = [];
  for (const definition of found) {
    const rel = path.relative(input.root, definition.fileName);
    if (rel.startsWith("..")) continue;
    out.push([rel, definition.textSpan.start]);
  }
  return out;
});
process.stdout.write(JSON.stringify(answers));
