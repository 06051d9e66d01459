/**
 * A small well-formedness check for the static SVGs (no XML parser dependency): every tag is
 * closed in order, attribute values are quoted, and text contains no raw "<" or stray "&".
 */
import assert from "node:assert/strict";

export function assertWellFormedSvg(svg: string): void {
  assert.ok(svg.startsWith("<svg "), "the SVG must start with <svg");
  assert.ok(svg.endsWith("</svg>"), "the SVG must end with </svg>");
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < svg.length) {
    const lt = svg.indexOf("<", i);
    const text = svg.slice(i, lt === -1 ? svg.length : lt);
    assert.doesNotMatch(text, /&(?!(amp|lt|gt|quot|#39);)/, `unescaped & in text ${text}`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const match = tag.exec(svg);
    assert.ok(match, `malformed tag at ${lt}: ${svg.slice(lt, lt + 80)}`);
    const [whole, closing, name, , selfClosing] = match;
    if (closing) {
      assert.equal(stack.pop(), name, `</${name}> closes the wrong element at ${lt}`);
    } else if (!selfClosing) {
      stack.push(name);
    }
    i = lt + whole.length;
  }
  assert.deepEqual(stack, [], "every element must be closed");
}

/** How many times `needle` occurs in `text`. */
export function countOf(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
