// The TypeScript compiler's answer to "what does this function need", for bench/context_recall_langs.py.
// Line-delimited JSON on stdin/stdout. First line {typescript, root, files}: builds one program over the
// files (the type checker is the oracle). Then requests, one answer line each:
//   {op: "targets", file}        -> [{id, qualname, start, headerEnd, close, last, first, scopes}, ...]
//   {op: "needs", file, id}      -> [{name, how, sites: [[file, line, kind], ...]}, ...]
// Lines are 1-based. Declarations outside `root` (TypeScript's lib, node_modules) are left out and counted.
"use strict";
const fs = require("fs");
const path = require("path");
const readline = require("readline");

let ts, program, checker, root;
const targetsByFile = new Map();

function line(sf, pos) {
  return sf.getLineAndCharacterOfPosition(pos).line + 1;
}

function isFunctionLike(node) {
  return (
    ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node) ||
    ts.isFunctionExpression(node) || ts.isArrowFunction(node)
  );
}

function isScope(node) {
  return isFunctionLike(node) || ts.isClassLike(node) || ts.isInterfaceDeclaration(node) || ts.isModuleDeclaration(node);
}

function nameOf(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (ts.isConstructorDeclaration(node)) return "constructor";
  // An anonymous function takes the name it is bound to (`const f = () => {}`, `f: function () {}`).
  const p = node.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p)) && ts.isIdentifier(p.name)) return p.name.text;
  return "<anonymous>";
}

// A scope's header: from its first token (JSDoc excluded) to the line holding its body's opening brace.
function header(sf, node) {
  const start = line(sf, node.getStart(sf));
  let open = node.body || null;
  if (!open && node.members) {
    const brace = node.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.OpenBraceToken);
    open = brace || null;
  }
  return [start, open ? line(sf, open.getStart(sf)) : start];
}

function targets(file) {
  const sf = program.getSourceFile(path.join(root, file));
  const out = [];
  const nodes = [];
  const visit = (node, chain) => {
    if (isFunctionLike(node) && node.body && ts.isBlock(node.body) && node.body.statements.length > 0) {
      const stmts = node.body.statements;
      const [start, headerEnd] = header(sf, node);
      const close = line(sf, node.body.end - 1);
      const first = line(sf, stmts[0].getStart(sf));
      const lastStmt = stmts[stmts.length - 1];
      // Only bodies whose braces sit on their own lines can be hidden line by line.
      if (first > headerEnd && line(sf, lastStmt.end) < close) {
        const names = [...chain, node].filter(isScope).map(nameOf);
        out.push({
          id: nodes.length, qualname: names.join("."), start, headerEnd, close,
          last: line(sf, lastStmt.getStart(sf)), first,
          scopes: [node, ...chain.slice().reverse()].filter(isScope).map((n) => header(sf, n)),
        });
        nodes.push(node);
      }
    }
    ts.forEachChild(node, (c) => visit(c, [...chain, node]));
  };
  ts.forEachChild(sf, (c) => visit(c, []));
  targetsByFile.set(file, nodes);
  return out;
}

function how(id) {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) {
    if (p.expression.kind === ts.SyntaxKind.ThisKeyword) return "this";
    const base = checker.getSymbolAtLocation(p.expression);
    return base && base.flags & ts.SymbolFlags.Alias ? "qualified" : "member";
  }
  if (ts.isQualifiedName(p) && p.right === id) return "qualified";
  if (ts.isPropertyAssignment(p) && p.name === id) return "member";
  return "plain";
}

let outside = 0;
function sitesOf(symbol, into) {
  for (const decl of symbol.declarations || []) {
    if (ts.isSourceFile(decl)) continue; // a module's "declaration" is the whole file: nothing to show
    const sf = decl.getSourceFile();
    const rel = path.relative(root, sf.fileName);
    if (rel.startsWith("..") || path.isAbsolute(rel) || rel.includes("node_modules")) {
      outside += 1;
      continue;
    }
    const at = decl.name ? decl.name.getStart(sf) : decl.getStart(sf);
    into.push([rel, line(sf, at), ts.SyntaxKind[decl.kind]]);
  }
}

function needs(file, id) {
  const node = targetsByFile.get(file)[id];
  const out = [];
  const visit = (n) => {
    if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) {
      let symbol = checker.getSymbolAtLocation(n);
      if (!symbol && ts.isShorthandPropertyAssignment(n.parent)) {
        symbol = checker.getShorthandAssignmentValueSymbol(n.parent);
      }
      if (symbol) {
        const sites = [];
        sitesOf(symbol, sites);
        // An imported name needs its import line here and its definition where it lives.
        if (symbol.flags & ts.SymbolFlags.Alias) {
          const target = checker.getAliasedSymbol(symbol);
          const more = [];
          if (target && target !== symbol) sitesOf(target, more);
          if (more.length) out.push({ name: n.text, how: "definition", sites: more });
        }
        if (sites.length) out.push({ name: n.text, how: how(n), sites });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", (text) => {
  const msg = JSON.parse(text);
  let answer;
  if (!program) {
    ts = require(msg.typescript);
    root = msg.root;
    const options = {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, noEmit: true, skipLibCheck: true,
    };
    program = ts.createProgram(msg.files.map((f) => path.join(root, f)), options);
    checker = program.getTypeChecker();
    answer = { files: program.getSourceFiles().length };
  } else if (msg.op === "targets") {
    answer = targets(msg.file);
  } else if (msg.op === "needs") {
    answer = { needs: needs(msg.file, msg.id), outside };
  } else {
    answer = { error: `unknown op ${msg.op}` };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
