/* 数字福建政策文库: the script switch keeps the provision; each provision gets a copy-citation button. */
(function () {
  "use strict";
  var hant = document.documentElement.lang === "zh-Hant";
  var words = hant
    ? { copy: "複製引用", copied: "已複製" }
    : { copy: "复制引用", copied: "已复制" };

  // The script switch goes to the same page (the link says so, for readers without JavaScript) and the same
  // provision. Material's own handler would look the page up in a sitemap, which fails from file:// and sends the
  // reader to the other site's home page; this capture-phase handler runs first and stops it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.dfl-script-switch");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    location.href = link.href.split("#")[0] + location.hash;
  }, true);

  function permalink(id) {
    return location.href.split("#")[0] + "#" + id;
  }

  function copy(text, button) {
    var done = function () {
      button.textContent = words.copied;
      setTimeout(function () { button.textContent = words.copy; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else {
      fallback(text);
      done();
    }
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing else to try */ }
    document.body.removeChild(area);
  }

  function addCiteButtons() {
    var nodes = document.querySelectorAll("[data-cite][id]");
    Array.prototype.forEach.call(nodes, function (node) {
      // A number run into its text (.dfl-runin) takes its button after the text, where the provision ends.
      var next = node.classList.contains("dfl-runin") ? node.nextElementSibling : null;
      var target = next && next.classList.contains("dfl-runin-text") ? next : node;
      if (target.querySelector(":scope > .dfl-cite")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "dfl-cite";
      button.textContent = words.copy;
      // The accessible name starts with the words the button shows (WCAG 2.5.3, label in name).
      button.setAttribute("aria-label", words.copy + "：" + node.getAttribute("data-cite"));
      button.setAttribute("data-search-exclude", "");
      button.addEventListener("click", function () {
        copy(node.getAttribute("data-cite") + " " + permalink(node.id), button);
      });
      target.appendChild(button);
    });
  }

  // Material's search overlay has role="dialog" but no accessible name (axe: aria-dialog-name); name it.
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    var input = document.querySelector(".md-search__input");
    if (dialog && input && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", input.getAttribute("placeholder") || "search");
    }
  }

  function ready() {
    addCiteButtons();
    nameSearchDialog();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
