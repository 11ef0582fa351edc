/**
 * Creates DOM elements. Text goes in through textContent only: message bytes, struct strings,
 * endpoint and peer names never reach the DOM as markup.
 */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const node = element('button', 'sp-button', label);
  node.type = 'button';
  node.title = title;
  node.addEventListener('click', onClick);
  return node;
}

/** Writes a property only when its value differs: an unchanged value costs the page no style or layout work. */
export function setIfChanged<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
  if (target[key] !== value) target[key] = value;
}

/** The same for an attribute. */
export function setAttributeIfChanged(target: Element, name: string, value: string): void {
  if (target.getAttribute(name) !== value) target.setAttribute(name, value);
}
