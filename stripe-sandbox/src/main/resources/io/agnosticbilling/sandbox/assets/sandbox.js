// Forms marked data-once are sent once: a double click must not pay twice.
document.querySelectorAll("form[data-once]").forEach((form) => {
  form.addEventListener("submit", () => {
    form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
  });
});
