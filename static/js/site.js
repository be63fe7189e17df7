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
