/** A new `tag` element with `properties` (`className`, `title`, `textContent`, `ariaHidden`, `style`
 * text, ...) and `children` (elements or text). */
export function element(tag, properties = {}, ...children) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}
