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

// Theme toggle: shown only with JavaScript; the choice is remembered and theme.js applies it.
(() => {
  const button = document.querySelector(".theme-toggle");
  if (!button) return;
  const root = document.documentElement;
  const systemDark = window.matchMedia("(prefers-color-scheme: dark)");
  const isDark = () => (root.dataset.theme ? root.dataset.theme === "dark" : systemDark.matches);
  const sync = () => button.setAttribute("aria-pressed", String(isDark()));
  button.addEventListener("click", () => {
    root.dataset.theme = isDark() ? "light" : "dark";
    try {
      localStorage.setItem("theme", root.dataset.theme);
    } catch {
      // Storage blocked: the choice lasts for this page only.
    }
    sync();
  });
  systemDark.addEventListener("change", sync);
  sync();
  button.hidden = false;
})();
