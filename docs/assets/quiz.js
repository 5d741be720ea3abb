/*
 * Notworking quiz widget. The server renders a complete quiz form (see
 * hooks/quizkit/templates/quiz.html); this script only enhances it: scoring,
 * per-question feedback, an announced result, retake, and saved progress.
 */
(function () {
  "use strict";

  var PREFIX = "notworking-quiz:";

  function storage() {
    try {
      var store = window.localStorage;
      store.setItem(PREFIX + "probe", "1");
      store.removeItem(PREFIX + "probe");
      return store;
    } catch (error) {
      return null; // disabled, full, or blocked: the quiz works, it just forgets
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function Quiz(form) {
    this.form = form;
    this.result = form.querySelector("[data-quiz-result]");
    this.questions = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));
    if (!this.result || !this.questions.length) {
      throw new Error("quiz " + form.dataset.quiz + ": no result region or no questions");
    }
    this.points = form.dataset.quizScoring === "points";
    this.key = PREFIX + form.dataset.quiz + ":" + form.dataset.quizVersion;
    this.outcomes = Array.prototype.slice
      .call(form.querySelectorAll("[data-outcome-id]"))
      .sort(function (a, b) { return Number(a.dataset.min) - Number(b.dataset.min); });
    this.store = storage();
    form.addEventListener("submit", this.onSubmit.bind(this));
    form.addEventListener("reset", this.onReset.bind(this));
    form.addEventListener("change", this.onChange.bind(this));
    form.addEventListener("click", this.onClick.bind(this));
    form.setAttribute("data-quiz-init", "");
    this.restore();
  }

  Quiz.prototype.inputs = function (question) {
    return Array.prototype.slice.call(question.querySelectorAll("input[name]"));
  };

  Quiz.prototype.chosen = function (question) {
    return this.inputs(question).filter(function (input) { return input.checked; });
  };

  /* The score of one question: the same rules as quizkit/scoring.py. */
  Quiz.prototype.scoreOf = function (question) {
    var chosen = this.chosen(question);
    if (this.points) {
      return chosen.reduce(function (sum, input) { return sum + Number(input.dataset.points); }, 0);
    }
    return this.inputs(question).every(function (input) {
      return input.checked === (input.dataset.correct === "true");
    }) ? 1 : 0;
  };

  Quiz.prototype.outcomeFor = function (score) {
    var chosen = this.outcomes[0];
    this.outcomes.forEach(function (outcome) {
      if (Number(outcome.dataset.min) <= score) chosen = outcome;
    });
    return chosen;
  };

  Quiz.prototype.onSubmit = function (event) {
    event.preventDefault();
    this.show();
    this.save(true);
    this.result.focus();
  };

  Quiz.prototype.onChange = function () {
    if (this.form.hasAttribute("data-quiz-submitted")) this.clear();
    this.save(false);
  };

  Quiz.prototype.onReset = function () {
    this.clear();
    if (this.store) this.store.removeItem(this.key);
    var first = this.form.querySelector("input[name]");
    // The reset event comes before the browser clears the inputs; focus after it.
    window.setTimeout(function () { if (first) first.focus(); }, 0);
  };

  Quiz.prototype.onClick = function (event) {
    var button = event.target.closest && event.target.closest("[data-quiz-share]");
    if (!button) return;
    var url = button.getAttribute("data-quiz-share");
    var said = this.result.querySelector(".nw-result__shared");
    function tell(message) { if (said) said.textContent = message; }
    if (navigator.share) {
      navigator.share({ title: button.getAttribute("data-share-title"), url: url }).catch(function () {});
    } else if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(
        function () { tell("Link copied: " + url); },
        function () { tell("Copy this link: " + url); }
      );
    } else {
      tell("Copy this link: " + url);
    }
  };

  Quiz.prototype.show = function () {
    var total = 0;
    this.questions.forEach(function (question) {
      var value = this.scoreOf(question);
      total += value;
      var verdict = question.querySelector("[data-question-verdict]");
      if (this.points) {
        question.dataset.state = "scored";
        verdict.textContent = value + (Math.abs(value) === 1 ? " point." : " points.");
      } else {
        question.dataset.state = value ? "right" : "wrong";
        verdict.textContent = value ? "Right." : "Not quite.";
      }
      var picked = this.chosen(question).map(function (input) { return input.value; });
      Array.prototype.forEach.call(question.querySelectorAll("[data-feedback-for]"), function (item) {
        item.toggleAttribute("data-chosen", picked.indexOf(item.dataset.feedbackFor) !== -1);
      });
      var answer = question.querySelector("[data-question-answer]");
      if (answer) answer.open = true;
    }, this);

    var outcome = this.outcomeFor(total);
    var result = this.result;
    result.textContent = "";
    result.dataset.score = String(total);
    result.dataset.outcome = outcome.dataset.outcomeId;
    var summary = this.points
      ? "You scored " + total + (Math.abs(total) === 1 ? " point." : " points.")
      : "You got " + total + " of " + this.questions.length + " right.";
    result.appendChild(element("p", "nw-result__score", summary));
    var title = outcome.querySelector(".nw-outcome__title");
    result.appendChild(element("p", "nw-result__title", title ? title.textContent : ""));
    var text = outcome.querySelector(".nw-outcome__text");
    if (text) result.appendChild(text.cloneNode(true));
    if (outcome.dataset.shareUrl) {
      // The outcome's own page: the link names the outcome, never the reader's answers.
      var share = element("button", "md-button nw-result__share", "Share this outcome");
      share.type = "button";
      share.setAttribute("data-quiz-share", new URL(outcome.dataset.shareUrl, window.location.href).href);
      share.setAttribute("data-share-title", (title ? title.textContent : "") + " | " + this.form.dataset.quizTitle);
      result.appendChild(share);
      result.appendChild(element("span", "nw-result__shared"));
    }
    this.form.setAttribute("data-quiz-submitted", "");
  };

  Quiz.prototype.clear = function () {
    this.questions.forEach(function (question) {
      delete question.dataset.state;
      question.querySelector("[data-question-verdict]").textContent = "";
      Array.prototype.forEach.call(question.querySelectorAll("[data-chosen]"), function (item) {
        item.removeAttribute("data-chosen");
      });
      var answer = question.querySelector("[data-question-answer]");
      if (answer) answer.open = false;
    });
    this.result.textContent = "";
    delete this.result.dataset.score;
    delete this.result.dataset.outcome;
    this.form.removeAttribute("data-quiz-submitted");
  };

  Quiz.prototype.save = function (submitted) {
    if (!this.store) return;
    var answers = {};
    this.questions.forEach(function (question) {
      answers[question.dataset.question] = this.chosen(question).map(function (input) { return input.value; });
    }, this);
    try {
      this.store.setItem(this.key, JSON.stringify({ answers: answers, submitted: submitted }));
    } catch (error) {
      /* storage full: progress is simply not kept */
    }
  };

  Quiz.prototype.restore = function () {
    if (!this.store) return;
    this.forgetOtherVersions();
    var saved;
    try {
      saved = JSON.parse(this.store.getItem(this.key) || "null");
    } catch (error) {
      saved = null; // corrupt: ignore it
    }
    if (!saved || typeof saved !== "object" || typeof saved.answers !== "object" || !saved.answers) return;
    this.questions.forEach(function (question) {
      var values = saved.answers[question.dataset.question];
      if (!Array.isArray(values)) return;
      this.inputs(question).forEach(function (input) {
        input.checked = values.indexOf(input.value) !== -1;
      });
    }, this);
    if (saved.submitted === true && this.form.checkValidity()) this.show();
  };

  /* Answers saved for an older version of this quiz would not fit it: drop them. */
  Quiz.prototype.forgetOtherVersions = function () {
    var own = PREFIX + this.form.dataset.quiz + ":";
    for (var i = this.store.length - 1; i >= 0; i--) {
      var key = this.store.key(i);
      if (key && key.indexOf(own) === 0 && key !== this.key) this.store.removeItem(key);
    }
  };

  function start() {
    var forms = document.querySelectorAll("form[data-quiz]:not([data-quiz-init])");
    Array.prototype.forEach.call(forms, function (form) {
      try {
        new Quiz(form);
      } catch (error) {
        // One broken quiz must not stop the others.
        console.error(error);
      }
    });
  }

  // Material's instant navigation swaps pages without reloading scripts: document$ emits on
  // every page, including the first. Without Material, start once the document is ready.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
