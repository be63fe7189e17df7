// Progressive enhancement only: the page reads fine without this file.
(() => {
  // Turn the guarded email ("user [at] example.org") into a mail link.
  for (const node of document.querySelectorAll(".guarded-email")) {
    const reverse = (text) => [...text].reverse().join("");
    const address = `${reverse(node.dataset.user)}@${reverse(node.dataset.domain)}`;
    const link = document.createElement("a");
    link.href = `mailto:${address}`;
    link.textContent = address;
    node.replaceChildren(link);
  }
})();

// "Copy BibTeX" buttons: shown only when the browser can copy.
(() => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const source = document.querySelector(button.dataset.copy);
    if (!source) continue;
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(source.textContent);
      button.textContent = "Copied";
      window.setTimeout(() => (button.textContent = label), 2000);
    });
  }
})();
