// Loaded only when the owner set a Google Analytics id in the profile (off by default).
(() => {
  const id = document.currentScript.dataset.analyticsId;
  window.dataLayer = window.dataLayer || [];
  function gtag() {
    window.dataLayer.push(arguments);
  }
  gtag("js", new Date());
  gtag("config", id);
})();
