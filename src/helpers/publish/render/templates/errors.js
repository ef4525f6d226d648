// Records script errors on <html data-hp-errors> so that tests (and readers' tools) can see them.
(function () {
  var errors = [];
  function record(what) {
    errors.push(String(what && what.message ? what.message : what));
    document.documentElement.setAttribute("data-hp-errors", JSON.stringify(errors));
  }
  window.hpRecordError = record;
  window.addEventListener("error", function (e) { record(e.message || e); });
  window.addEventListener("unhandledrejection", function (e) { record(e.reason); });
  var original = console.error;
  console.error = function () {
    record(Array.prototype.join.call(arguments, " "));
    return original.apply(console, arguments);
  };
})();
