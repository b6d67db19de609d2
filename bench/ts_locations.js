// The TypeScript language service's answers, for the benches' TypeScript oracles: reads {typescript, root,
// files, ask, queries: [[file, utf16Offset], ...]} as JSON on stdin and answers [[[file, utf16Offset], ...], ...]
// on stdout, inside the root only (the standard library's declarations are left out).
//   ask "references" (bench/used_by.py): where each queried symbol is used, its declarations left out, as
//                    archmem's "used by" leaves them out;
//   ask "definitions" (bench/completion.py): where each queried identifier is declared (the name's start).
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

// The spans the service gives at one place, in the order it gives them.
function spans(file, offset) {
  if (input.ask === "definitions") {
    return service.getDefinitionAtPosition(file, offset) || [];
  }
  if (input.ask !== "references") throw new Error(`ask must be "references" or "definitions", not ${input.ask}`);
  const out = [];
  for (const symbol of service.findReferences(file, offset) || []) {
    for (const ref of symbol.references) {
      if (!ref.isDefinition) out.push(ref);
    }
  }
  return out;
}

const answers = input.queries.map(([file, offset]) => {
  const out = [];
  for (const span of spans(path.join(input.root, file), offset)) {
    const rel = path.relative(input.root, span.fileName);
    if (rel.startsWith("..")) continue; // the standard library's declarations
    out.push([rel, span.textSpan.start]);
  }
  return out;
});
process.stdout.write(JSON.stringify(answers));
