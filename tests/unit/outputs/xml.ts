import { expect } from "vitest";

/** An XML element as the tiny reader below sees it. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
// Characters XML 1.0 allows (§2.2), besides surrogate pairs.
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

function decode(raw: string): string {
  expect(raw, "a bare & or < in character data").not.toMatch(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)|</i);
  return raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (_, ref: string) =>
    ref.startsWith("#x") ? String.fromCodePoint(parseInt(ref.slice(2), 16)) : ref.startsWith("#") ? String.fromCodePoint(Number(ref.slice(1))) : ENTITIES[ref]!,
  );
}

/**
 * A strict reader for the XML APO writes (a declaration, elements, attributes, text; no DTD,
 * comments or CDATA): fails the test on anything not well-formed, returns the root element.
 */
export function parseXml(xml: string): XmlElement {
  expect(XML_CHAR.test(xml), "a character XML 1.0 does not allow").toBe(true);
  let rest = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/, "");
  const root: XmlElement = { name: "#document", attrs: {}, children: [], text: "" };
  const stack = [root];
  while (rest.length > 0) {
    const top = stack.at(-1)!;
    const tag = /^<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/.exec(rest);
    if (tag) {
      const [whole, closing, name, attrText, selfClosing] = tag;
      if (closing) {
        expect(top.name, "closing tag matches the open element").toBe(name);
        stack.pop();
      } else {
        const attrs: Record<string, string> = {};
        for (const [, key, value] of attrText!.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
          expect(attrs, `attribute ${key} given twice`).not.toHaveProperty(key!);
          attrs[key!] = decode(value!);
        }
        const element: XmlElement = { name: name!, attrs, children: [], text: "" };
        top.children.push(element);
        if (!selfClosing) stack.push(element);
      }
      rest = rest.slice(whole.length);
      continue;
    }
    expect(rest.startsWith("<"), `not a tag: ${rest.slice(0, 80)}`).toBe(false);
    const end = rest.indexOf("<");
    const chunk = end < 0 ? rest : rest.slice(0, end);
    top.text += decode(chunk);
    rest = rest.slice(chunk.length);
  }
  expect(stack, "every element closed").toHaveLength(1);
  expect(root.children, "one root element").toHaveLength(1);
  expect(root.text.trim()).toBe("");
  return root.children[0]!;
}

export const childrenNamed = (e: XmlElement, name: string) => e.children.filter((c) => c.name === name);
