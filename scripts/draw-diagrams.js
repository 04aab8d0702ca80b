// Draws Mermaid diagrams into SVG for hooks/render_diagrams.py, in a headless Chromium page where mermaid.min.js
// (node_modules/mermaid) is loaded. drawDiagrams(settings, [{id, source}]) answers, in the same order, {svg} or
// {error} with Mermaid's message. Each SVG is slimmed for the page (no attributes that only Mermaid's own scripts
// read, no empty labels or unused arrowheads, coordinates to 0.1 px) and given its natural size.
"use strict";

async function drawDiagrams(settings, diagrams) {
  mermaid.initialize(settings);
  await document.fonts.ready;
  const drawn = [];
  for (const { id, source } of diagrams) {
    try {
      await mermaid.parse(source);
      const { svg } = await mermaid.render(id, source);
      drawn.push({ svg: slim(svg) });
    } catch (error) {
      drawn.push({ error: String(error.message || error) });
    }
  }
  return drawn;
}

function slim(markup) {
  const holder = document.body.appendChild(document.createElement("div"));
  holder.innerHTML = markup;
  const svg = holder.querySelector("svg");
  // Rounded shapes (stadiums, cylinders) come as a filled path plus its outline drawn again in thousands of tiny
  // curves: the filled path is outlined instead (by the theme), and traced again as lines, within 0.2 px.
  svg.querySelectorAll('.node path[fill="none"]').forEach((outline) => {
    const filled = outline.previousElementSibling;
    if (filled?.matches('path[stroke="none"]')) {
      ["stroke", "stroke-width"].forEach((name) => filled.removeAttribute(name));
      outline.remove();
    }
  });
  svg.querySelectorAll(".node path").forEach((path) => {
    const d = path.getAttribute("d") || "";
    if (d.length > 400) path.setAttribute("d", d.split(/(?=M)/).map(retrace).join(" "));
  });
  const used = new Set([...markup.matchAll(/url\(#([^)]+)\)/g)].map((match) => match[1]));
  svg.querySelectorAll("marker").forEach((marker) => used.has(marker.id) || marker.remove());
  svg.querySelectorAll("g.edgeLabel").forEach((label) => label.textContent.trim() || label.remove());
  svg.querySelectorAll("rect:not([width])").forEach((rect) => rect.remove());
  let empty;
  while ((empty = [...svg.querySelectorAll("g")].filter((g) => !g.children.length)).length) {
    empty.forEach((g) => g.remove());
  }
  for (const element of [svg, ...svg.querySelectorAll("*")]) {
    for (const { name, value } of [...element.attributes]) {
      if (name.startsWith("data-") || (name === "style" && /^[\s;]*$/.test(value))) {
        element.removeAttribute(name);
      } else if (!/^(id|class|role|aria-.*)$/.test(name) && /\d\.\d\d/.test(value)) {
        element.setAttribute(name, value.replace(/-?\d*\.\d+/g, (number) => String(+(+number).toFixed(1))));
      }
    }
  }
  // The lines of a label are separate text chunks: a space between them keeps their words apart for screen readers
  // and search, and draws nothing; so does a line break between labels, which draws nothing outside a text element.
  svg.querySelectorAll("text > tspan.row + tspan.row").forEach((row) => row.before(" "));
  svg.querySelectorAll("text").forEach((text) => text.after("\n"));
  const [, , width, height] = svg.getAttribute("viewBox").split(/[\s,]+/).map(Number);
  svg.setAttribute("width", String(Math.ceil(width)));
  svg.setAttribute("height", String(Math.ceil(height)));
  svg.style.removeProperty("max-width");
  const role = svg.getAttribute("aria-roledescription");  // "flowchart-v2": the version is no news to a reader
  if (role) svg.setAttribute("aria-roledescription", role.replace(/-v\d+$/, ""));
  if (!svg.getAttribute("style")) svg.removeAttribute("style");
  holder.remove();
  return svg.outerHTML;
}

// One subpath traced again as straight lines: sampled every unit of length, then simplified.
function retrace(subpath) {
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", subpath);
  const length = path.getTotalLength();
  const points = [];
  for (let at = 0; at < length; at += 1) points.push(path.getPointAtLength(at));
  points.push(path.getPointAtLength(length));
  const closed = /z\s*$/i.test(subpath);
  return "M" + simplify(points, 0.2).map((p) => `${+p.x.toFixed(1)} ${+p.y.toFixed(1)}`).join("L") + (closed ? "Z" : "");
}

// Ramer-Douglas-Peucker: the fewest points that stay within `tolerance` of the line through all of them.
function simplify(points, tolerance) {
  if (points.length < 3) return points;
  const [first, last] = [points[0], points[points.length - 1]];
  const [dx, dy] = [last.x - first.x, last.y - first.y];
  const norm = Math.hypot(dx, dy);
  let [farthest, index] = [0, 0];
  points.forEach((p, i) => {
    const distance = norm
      ? Math.abs(dy * p.x - dx * p.y + last.x * first.y - last.y * first.x) / norm
      : Math.hypot(p.x - first.x, p.y - first.y);
    if (distance > farthest) [farthest, index] = [distance, i];
  });
  if (farthest <= tolerance) return [first, last];
  return [...simplify(points.slice(0, index + 1), tolerance).slice(0, -1), ...simplify(points.slice(index), tolerance)];
}
