// Typesets math at build time for hooks/render_math.py. Each line on stdin is a JSON list of {tex, display}; each
// line written back is {"html": [...]} with KaTeX's HTML in the same order, or {"error": "..."} naming the TeX
// that failed. One process serves the whole build.
"use strict";
const katex = require("katex");
const readline = require("node:readline");

function typeset(expressions) {
  const html = [];
  for (const { tex, display } of expressions) {
    try {
      html.push(katex.renderToString(tex, { displayMode: display, throwOnError: true, output: "htmlAndMathml" }));
    } catch (error) {
      return { error: `${error.message}\n  in: ${tex}` };
    }
  }
  return { html };
}

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  process.stdout.write(JSON.stringify(typeset(JSON.parse(line))) + "\n");
});
