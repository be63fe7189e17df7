// Loaded in <head>, not deferred: applies the theme the visitor chose before the first paint,
// so the other one never flashes. Without a stored choice the system setting applies (CSS).
try {
  const theme = localStorage.getItem("theme");
  if (theme === "dark" || theme === "light") document.documentElement.dataset.theme = theme;
} catch {
  // Storage blocked: follow the system setting.
}
