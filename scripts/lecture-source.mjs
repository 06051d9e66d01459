// The deck's source format (lecture/slides.md): slides between lines of three dashes, each a
// `## title`, Markdown-like text with $…$ and $$…$$ LaTeX, an optional `@figure <name>`, and
// speaker notes after a line `Note:`. Pure functions: text in, slide objects and HTML out.

const SEPARATOR = /^---\s*$/m;

/** The slides of `source`: { title, body (lines), figure, notes (lines), appendix, minutes }. */
export function parseSlides(source) {
  const withoutComments = source.replace(/<!--[\s\S]*?-->/g, "");
  return withoutComments
    .split(SEPARATOR)
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
    .map((block, index) => parseSlide(block, index + 1));
}

function parseSlide(block, number) {
  const lines = block.split("\n");
  const appendix = lines[0].trim() === "@appendix";
  if (appendix) lines.shift();
  const noteAt = lines.findIndex((line) => line.trim() === "Note:");
  const content = noteAt < 0 ? lines : lines.slice(0, noteAt);
  const notes = noteAt < 0 ? [] : lines.slice(noteAt + 1).filter((l) => l.trim() !== "");
  const titleAt = content.findIndex((line) => line.startsWith("## "));
  if (titleAt < 0) throw new Error(`slide ${number} has no "## title" line`);
  const title = content[titleAt].slice(3).trim();
  const rest = content.filter((_, i) => i !== titleAt);
  const figures = rest.filter((l) => l.startsWith("@figure "));
  if (figures.length > 1) throw new Error(`slide ${number} ("${title}") has more than one figure`);
  const figure = figures.length ? figures[0].slice("@figure ".length).trim() : undefined;
  const body = rest.filter((l) => !l.startsWith("@figure "));
  const time = /^Time:\s*(\d+(?:\.\d+)?)\s*min/.exec(notes[0] ?? "");
  if (!time)
    throw new Error(`slide ${number} ("${title}"): its notes must start with "Time: <n> min"`);
  return { number, title, body, figure, notes, appendix, minutes: Number(time[1]) };
}

/** Marks every slide from the first `@appendix` slide on as part of the appendix. */
export function markAppendix(slides) {
  let inAppendix = false;
  return slides.map((slide) => {
    inAppendix ||= slide.appendix;
    return { ...slide, appendix: inAppendix };
  });
}

/** The text a viewer reads on a slide: title and body with formulas and directives removed. */
export function visibleText(slide) {
  return [slide.title, ...slide.body]
    .join("\n")
    .replace(/\$\$[\s\S]*?\$\$/g, " ")
    .replace(/\$[^$\n]+\$/g, " ")
    .replace(/[*_`]/g, "");
}

/** Words: runs of letters or digits (formulas and figure labels are not counted). */
export function countWords(text) {
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.–-]*/gu) ?? []).length;
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Inline text to HTML: formulas through `renderMath(tex, display)`, then **bold** and *italic*.
 * Formulas are cut out first so that their `*` and `_` are never read as emphasis.
 */
export function inlineHtml(text, renderMath) {
  const formulas = [];
  const marked = text.replace(/\$([^$\n]+)\$/g, (_, tex) => {
    formulas.push(renderMath(tex, false));
    return `\uE000${formulas.length - 1}\uE000`;
  });
  return escapeHtml(marked)
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\*([^*]+)\*/g, "<em>$1</em>")
    .replace(/\uE000(\d+)\uE000/g, (_, i) => formulas[Number(i)]);
}

/** The body lines as HTML blocks: paragraphs, bullet lists, display formulas. */
export function bodyHtml(lines, renderMath) {
  const blocks = [];
  let paragraph = [];
  let list = [];
  let display;
  const flush = () => {
    if (paragraph.length) blocks.push(`<p>${inlineHtml(paragraph.join(" "), renderMath)}</p>`);
    if (list.length) {
      const items = list.map((item) => `<li>${inlineHtml(item, renderMath)}</li>`).join("");
      blocks.push(`<ul>${items}</ul>`);
    }
    paragraph = [];
    list = [];
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (display !== undefined) {
      if (line.endsWith("$$")) {
        display.push(line.slice(0, -2));
        blocks.push(`<div class="display">${renderMath(display.join("\n"), true)}</div>`);
        display = undefined;
      } else display.push(line);
    } else if (line.startsWith("$$")) {
      flush();
      const inner = line.slice(2);
      if (inner.endsWith("$$") && inner.length >= 2) {
        blocks.push(`<div class="display">${renderMath(inner.slice(0, -2), true)}</div>`);
      } else display = [inner];
    } else if (line === "") flush();
    else if (line.startsWith("- ")) {
      if (paragraph.length) flush();
      list.push(line.slice(2));
    } else if (list.length && !line.startsWith("- ")) list[list.length - 1] += ` ${line}`;
    else paragraph.push(line);
  }
  if (display !== undefined) throw new Error(`unclosed $$ in: ${lines.join(" ")}`);
  flush();
  return blocks.join("\n");
}

/** Speaker notes as HTML: one paragraph per `Label:` line, the label in bold. */
export function notesHtml(lines, renderMath) {
  const paragraphs = [];
  for (const line of lines) {
    const labelled = /^(Time|Say|Ask|Board):\s*(.*)$/.exec(line.trim());
    if (labelled) paragraphs.push({ label: labelled[1], text: labelled[2] });
    else if (paragraphs.length) paragraphs[paragraphs.length - 1].text += ` ${line.trim()}`;
    else paragraphs.push({ label: "", text: line.trim() });
  }
  return paragraphs
    .map(({ label, text }) => {
      const body = inlineHtml(text, renderMath);
      return label ? `<p><strong>${label}:</strong> ${body}</p>` : `<p>${body}</p>`;
    })
    .join("\n");
}
