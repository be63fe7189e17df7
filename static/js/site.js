// Progressive enhancement only: the page reads fine without this file.
(() => {
  // Turn the guarded email ("user [at] example.org") into a mail link.
  for (const node of document.querySelectorAll(".guarded-email")) {
    const reverse = (text) => [...text].reverse().join("");
    const address = `${reverse(node.dataset.user)}@${reverse(node.dataset.domain)}`;
    const link = document.createElement("a");
    link.href = `mailto:${address}`;
    // Lines may break after the @ and before a dot of the domain, never inside a name.
    const [user, domain] = [reverse(node.dataset.user), reverse(node.dataset.domain)];
    link.append(`${user}@`, document.createElement("wbr"));
    domain.split(".").forEach((part, index) => {
      if (index) link.append(document.createElement("wbr"), ".");
      link.append(part);
    });
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

// Top navigation, "greedy": the sections that fit stay in the bar, the rest go under "More" (under
// "Menu" when none fit). Without this script, the bar wraps and phones get the whole list under "Menu".
(() => {
  const nav = document.querySelector(".masthead__nav");
  const bar = nav && nav.querySelector(".masthead__links");
  const menu = nav && nav.querySelector(".masthead__menu");
  if (!bar || !menu) return;
  const barItems = [...bar.children];
  const menuItems = [...menu.querySelector(".masthead__menu-links").children];
  const label = menu.querySelector(".masthead__menu-label");
  const overflows = () => bar.scrollWidth > bar.clientWidth + 1;
  const fit = () => {
    barItems.forEach((item) => (item.hidden = false));
    menu.hidden = true;
    let shown = barItems.length;
    if (overflows()) {
      menu.hidden = false;
      while (shown > 0 && overflows()) barItems[--shown].hidden = true;
    }
    menuItems.forEach((item, index) => (item.hidden = index < shown));
    label.textContent = shown ? "More" : "Menu";
    if (menu.hidden) menu.open = false;
  };
  nav.classList.add("is-greedy");
  fit();
  new ResizeObserver(fit).observe(nav);
  // A section chosen from the list closes it; so does Escape, giving the focus back to the button.
  menu.addEventListener("click", (event) => {
    if (event.target.closest("a")) menu.open = false;
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
