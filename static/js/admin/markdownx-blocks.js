// django-markdownx starts its editors once, on page load. StreamField blocks and
// inline rows added later hold editors it never saw: when one appears, run the
// markdownx script again (the browser has it cached); it starts every editor
// that is not started yet and leaves the others alone.
(() => {
  const pending = () => document.querySelector(".markdownx .markdownx-editor:not([data-markdownx-init])");
  const source = () => document.querySelector('script[src*="markdownx/js/markdownx"]')?.src;
  let scheduled = false;

  const start = () => {
    scheduled = false;
    const src = source();
    if (!src || !pending()) return;
    const script = document.createElement("script");
    script.src = src;
    script.dataset.markdownxRestart = "";
    script.onload = () => script.remove();
    document.head.append(script);
  };

  new MutationObserver(() => {
    if (!scheduled && pending()) {
      scheduled = true;
      window.setTimeout(start, 50);
    }
  }).observe(document.body, { childList: true, subtree: true });
})();
