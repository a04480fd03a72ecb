#!/usr/bin/env node
// MathJax 3 as the tests' oracle: what the site shows for each formula of a post.
//
// stdin:  {"posts": [[{"tex": "...", "display": true}, ...], ...]}
// stdout: {"version": "3.2.2", "posts": [{"labels": {name: tag}, "formulas": [
//            {"ok": bool, "error": str|null, "undefined": [names], "mathml": str,
//             "tags": ["1", "A", ...], "labels": [names], "refs": [[label, shown], ...]}, ...]}, ...]}
//
// Each post gets its own TeX input and MathJax document, as a page of the site does: macros
// defined by \newcommand & co. stay in force for the later formulas of the post and never reach
// the next post; equation numbers (tags: 'ams') and labels run over the post.  The formulas are
// compiled the way MathDocument.compile() does for a page: all in order, then again those with a
// reference to a label defined later (MathJax's refUpdate pass).
'use strict';

const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');
const {SerializedMmlVisitor} = require('mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js');

// Every package but bussproofs (the site has no proofs) and textmacros: with textmacros, '%' in
// \text starts a comment, and a real post (8265) writes \textbf{66.07%} beside 64.13\% in one
// table: a percent sign its author would have seen vanish, so we take it the site does not load it.
const PACKAGES = AllPackages.filter((p) => p !== 'bussproofs' && p !== 'textmacros');
const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
const visitor = new SerializedMmlVisitor();

require('mathjax-full/js/input/tex/physics/PhysicsConfiguration.js');

// The site loads packages on demand with \require; here they are all loaded already, so \require
// only has to add physics (not in AllPackages) to a page that asks for it.
function newPage(formulas) {
  const physics = formulas.some((f) => /\\require\s*\{\s*physics\s*\}/.test(f.tex));
  const tex = new TeX({packages: physics ? [...PACKAGES, 'physics'] : PACKAGES, tags: 'ams',
                       macros: {require: ['', 1]}});
  const doc = mathjax.document('', {InputJax: tex});
  return {tex, doc};
}

// The text of a node's leaves (for a tag's "(1)").
function textOf(node) {
  if (node.isToken) return node.getText();
  return node.childNodes.map(textOf).join('');
}

// Walk the MathML tree: tags of labelled rows, references, merror, undefined commands (noundefined
// shows them as red mtext "\name").
function inspect(root) {
  const info = {tags: [], refs: [], error: null, undefined: []};
  const walk = (node) => {
    if (!node) return;
    if (node.isKind('mlabeledtr')) {
      info.tags.push(textOf(node.childNodes[0]));
    }
    if (node.isKind('merror') && info.error === null) {
      info.error = node.attributes.get('data-mjx-error') || 'error';
    }
    if (node.isKind('mtext') && node.attributes.get('mathcolor') === 'red') {
      const text = node.getText();
      if (/^\\[A-Za-z]+$/.test(text)) info.undefined.push(text);
    }
    const href = node.attributes && node.attributes.get('href');
    if (href && node.attributes.get('class') === 'MathJax_ref') {
      info.refs.push([decodeURIComponent(href).replace(/^#mjx-eqn:/, ''), textOf(node)]);
    }
    if (!node.isToken && node.childNodes) node.childNodes.forEach(walk);
  };
  walk(root);
  return info;
}

function runPost(formulas) {
  const {tex, doc} = newPage(formulas);
  const tags = tex.parseOptions.tags;
  const items = formulas.map((f) => new doc.options.MathItem(f.tex, tex, !!f.display));
  const labelsOf = new Map();
  const compile = (item) => {
    item.compile(doc);
    if (!tags.refUpdate) labelsOf.set(item, Object.keys(tags.labels));
  };
  const redo = [];
  for (const item of items) {
    compile(item);
    if (item.inputData.recompile !== undefined) redo.push(item);
  }
  for (const item of redo) {
    const data = item.inputData.recompile;
    item.state(data.state);
    item.inputData.recompile = data;
    compile(item);
  }
  const labels = {};
  for (const [name, label] of Object.entries(tags.allLabels)) labels[name] = label.tag;
  return {
    labels,
    formulas: items.map((item) => {
      const info = inspect(item.root);
      return {
        ok: info.error === null && info.undefined.length === 0,
        error: info.error,
        undefined: info.undefined,
        mathml: visitor.visitTree(item.root),
        tags: info.tags,
        labels: labelsOf.get(item) || [],
        refs: info.refs,
      };
    }),
  };
}

function main(input) {
  const {posts} = JSON.parse(input);
  const out = {version: mathjax.version, posts: posts.map(runPost)};
  process.stdout.write(JSON.stringify(out));
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => main(input));
