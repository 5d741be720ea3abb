/*
 * Notworking quiz widget. The server renders a complete quiz form (see
 * hooks/quizkit/templates/quiz.html); this script only enhances it: scoring,
 * per-question feedback, an announced result, retake, and saved progress.
 */
(() => {
  "use strict";

  const PREFIX = "notworking-quiz:";
  const EVENTS = ["submit", "reset", "change", "click"]; // on the form, to handleEvent()

  /* Pure, with the rules of hooks/quizkit/scoring.py; answers: {questionId: [choice values]}.
     Categories: perQuestion and totals map outcome ids to votes; the most votes wins, the
     first listed among equals. */
  const scoreQuiz = (model, answers) => {
    const perQuestion = {};
    const totals = new Map(model.outcomes.map((o) => [o.id, 0]));
    let total = 0;
    for (const { id, choices } of model.questions) {
      const chosen = new Set(Object.hasOwn(answers, id) ? answers[id] : []);
      const right = choices.filter((choice) => choice.correct);
      const votes = new Map();
      for (const { value, votes: given } of choices) {
        for (const [outcome, n] of chosen.has(value) ? Object.entries(given) : []) {
          votes.set(outcome, (votes.get(outcome) ?? 0) + n);
          totals.set(outcome, totals.get(outcome) + n);
        }
      }
      const value = model.votes
        ? votes
        : model.points
          ? choices.reduce((sum, choice) => sum + (chosen.has(choice.value) ? choice.points : 0), 0)
          : Number(chosen.size === right.length && right.every((choice) => chosen.has(choice.value)));
      perQuestion[id] = value;
      if (!model.votes) total += value;
    }
    if (model.votes) {
      const outcome = model.outcomes.reduce((a, b) => (totals.get(b.id) > totals.get(a.id) ? b : a));
      return { total: totals.get(outcome.id), perQuestion, outcome, totals };
    }
    const outcome = model.outcomes.filter((o) => o.min <= total).pop() ?? model.outcomes[0];
    return { total, perQuestion, outcome, totals };
  };

  // Words: the page's (data-quiz-messages); plural rules and numbers: the browser's.
  const lang = document.documentElement.lang || "en";
  const plural = new Intl.PluralRules(lang);
  const number = new Intl.NumberFormat(lang);
  const say = (messages, key, fields = {}) => {
    let text = messages[key] ?? key;
    if (typeof text === "object") text = text[plural.select(fields.n)] ?? text.other;
    return text.replace(/\{(\w+)\}/g, (all, name) => {
      const value = fields[name];
      return typeof value === "number" ? number.format(value) : (value ?? all);
    });
  };

  // Inputs' names become properties of their form and hide its own (form.dataset, form.closest):
  // call a form's methods from the prototype, and read no property of it.
  const native = (node, method, ...args) => HTMLFormElement.prototype[method].apply(node, args);

  function storage() {
    try {
      return window.localStorage;
    } catch {
      return null; // disabled or blocked: the quiz works, it just forgets (full: see save())
    }
  }

  const keys = (store) => Object.keys(store ?? {}).filter((key) => key.startsWith(PREFIX));

  function read(store, key) {
    try {
      return JSON.parse(store.getItem(key)) ?? {};
    } catch {
      return {}; // corrupt: ignore it
    }
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  class Quiz {
    /* Checks at start what any use needs, with getAttribute through native(); the elements of
       each question wait for the first action that needs them (parts()). */
    constructor(form) {
      const attribute = (name) => native(form, "getAttribute", name);
      const quiz = attribute("data-quiz");
      const need = (found, what) => {
        if (!found) throw new Error(`quiz ${quiz}: missing ${what}`);
        return found;
      };
      this.form = form;
      this.own = `${PREFIX}${quiz}:`;
      this.key = this.own + need(attribute("data-quiz-version"), "data-quiz-version");
      this.title = attribute("data-quiz-title");
      const messages = JSON.parse(need(attribute("data-quiz-messages"), "data-quiz-messages"));
      this.say = (key, fields) => say(messages, key, fields);
      this.result = need(native(form, "querySelector", "[data-quiz-result]"), "[data-quiz-result]");
      need(native(form, "querySelector", "[data-question]"), "[data-question]");
      const scoring = attribute("data-quiz-scoring");
      const votes = scoring === "categories"; // outcomes in file order, no min
      this.sections = new Map(); // outcome id: its section
      const outcomes = [...native(form, "querySelectorAll", "[data-outcome-id]")].map((node) => {
        const id = node.getAttribute("data-outcome-id");
        const min = node.getAttribute("data-min");
        need(votes || /^-?\d+$/.test(min ?? ""), `a whole number in data-min of outcome ${id}`);
        this.sections.set(id, node);
        return { id, min: Number(min) };
      });
      need(outcomes.length, "[data-outcome-id]");
      if (!votes) outcomes.sort((a, b) => a.min - b.min);
      this.rules = { points: scoring === "points", votes, outcomes };

      // Each question's elements and choices, in the page's order, looked up the first time they
      // are needed: a change, a check or a retake (handleEvent), or saved answers to restore.
      // Reading them all at start was most of the start-up of a long quiz.
      let parts;
      this.parts = () =>
        (parts ??= [...native(form, "querySelectorAll", "[data-question]")].map((node) => {
          const id = node.getAttribute("data-question");
          const inputs = [...node.querySelectorAll("input[name]")];
          need(inputs[0], `input[name] in question ${id}`);
          const verdict = node.querySelector("[data-question-verdict]");
          need(verdict, `[data-question-verdict] in question ${id}`);
          const answer = node.querySelector("[data-question-answer]");
          const choices = inputs.map((input) => ({
            value: input.getAttribute("value"),
            correct: input.getAttribute("data-correct") === "true",
            points: Number(input.getAttribute("data-points")),
            votes: JSON.parse(input.getAttribute("data-votes") ?? "{}"),
          }));
          return { id, node, inputs, verdict, answer, choices };
        }));

      this.store = storage();
      this.restore(); // before the listeners: saved answers need the parts, and they may fail
      for (const type of EVENTS) native(form, "addEventListener", type, this);
      native(form, "setAttribute", "data-quiz-init", "");
    }

    /* Every event on the form. A question missing a part stops the quiz at the reader's first
       action as it would have at start: reported, not started (no data-quiz-init, so the page
       shows the quiz as without JavaScript), no listeners, and this event left as it was. */
    handleEvent(event) {
      try {
        if (event.type !== "click") this.parts();
      } catch (error) {
        for (const type of EVENTS) native(this.form, "removeEventListener", type, this);
        native(this.form, "removeAttribute", "data-quiz-init");
        return console.error(error);
      }
      this[`on${event.type}`](event);
    }

    answers() {
      const answers = {};
      for (const { id, inputs } of this.parts()) {
        answers[id] = inputs.filter((i) => i.checked).map((i) => i.getAttribute("value"));
      }
      return answers;
    }

    onsubmit(event) {
      event.preventDefault();
      const { total: score, outcome, answers } = this.show();
      this.save(outcome.id);
      this.result.focus();
      // Not in show(): a restored result is not news.
      for (const id in answers) answers[id] = answers[id].map(Number);
      const [, quiz, version] = this.key.split(":");
      const detail = { quiz, version, score, outcome: outcome.id, answers };
      native(this.form, "dispatchEvent", new CustomEvent("quiz:checked", { bubbles: true, detail }));
    }

    onchange() {
      if (native(this.form, "hasAttribute", "data-quiz-submitted")) this.clear();
      this.save();
    }

    onreset() {
      this.clear();
      this.store?.removeItem(this.key);
      const [{ inputs }] = this.parts();
      // The reset event comes before the browser clears the inputs; focus after it.
      setTimeout(() => inputs[0].focus(), 0);
    }

    onclick(event) {
      const button = native(event.target, "closest", "[data-quiz-share]"); // maybe on the form
      if (!button) return;
      const url = button.getAttribute("data-quiz-share");
      const tell = (message) => {
        const said = this.result.querySelector(".nw-result__shared");
        if (said) said.textContent = message;
      };
      if (navigator.share) {
        navigator.share({ title: button.getAttribute("data-share-title"), url }).catch(() => {});
      } else if (navigator.clipboard?.writeText) {
        navigator.clipboard.writeText(url).then(
          () => tell(this.say("copied", { url })),
          () => tell(this.say("copy", { url })),
        );
      } else {
        tell(this.say("copy", { url }));
      }
    }

    show() {
      const answers = this.answers();
      const scored = scoreQuiz({ ...this.rules, questions: this.parts() }, answers);
      this.draw(scored, answers);
      return { ...scored, answers };
    }

    draw({ total, perQuestion, outcome, totals }, answers) {
      const { points, votes, outcomes } = this.rules;
      const titleOf = (id) =>
        this.sections.get(id)?.querySelector(".nw-outcome__title")?.textContent ?? id;
      for (const { id, node, verdict, answer } of this.parts()) {
        const value = perQuestion[id];
        node.setAttribute("data-state", points || votes ? "scored" : value ? "right" : "wrong");
        // Categories: the votes this answer gave, in the outcomes' order.
        const given = votes && outcomes.filter((o) => value.get(o.id));
        const said = given?.length
          ? "verdict-votes"
          : votes
            ? "verdict-no-votes"
            : points
              ? "verdict-points"
              : value
                ? "right"
                : "not-quite";
        verdict.textContent = this.say(said, {
          n: value,
          votes: given && given.map((o) => `${titleOf(o.id)} +${value.get(o.id)}`).join(", "),
        });
        for (const item of node.querySelectorAll("[data-feedback-for]")) {
          const choice = item.getAttribute("data-feedback-for");
          item.toggleAttribute("data-chosen", answers[id].includes(choice));
        }
        if (answer) answer.open = true;
      }

      const section = this.sections.get(outcome.id);
      const result = this.result;
      result.textContent = "";
      result.setAttribute("data-score", total);
      result.setAttribute("data-outcome", outcome.id);
      const title = titleOf(outcome.id);
      const said = votes ? "score-categories" : points ? "score-points" : "score-correct";
      const summary = this.say(said, { n: total, outcome: title, count: this.parts().length });
      result.append(element("p", "nw-result__score", summary));
      // The picture to copy (chart.html), looked up when first drawn.
      this.chart ??= native(this.form, "querySelector", "template[data-quiz-chart]")?.content
        .firstElementChild;
      if (this.chart) result.append(this.picture(total, outcome.id, totals));
      result.append(element("p", "nw-result__title", title));
      const text = section.querySelector(".nw-outcome__text");
      if (text) result.append(text.cloneNode(true));
      const shareUrl = section.getAttribute("data-share-url");
      if (shareUrl) {
        // The outcome's own page: the link names the outcome, never the reader's answers.
        const share = element("button", "md-button nw-result__share", this.say("share"));
        share.type = "button";
        share.setAttribute("data-quiz-share", new URL(shareUrl, window.location.href).href);
        share.setAttribute("data-share-title", `${title} | ${this.title}`);
        result.append(share, element("span", "nw-result__shared"));
      }
      native(this.form, "setAttribute", "data-quiz-submitted", "");
    }

    /* The page's picture (chart.html) for this result: the marker at the score on the scale,
       or each outcome's bar at its votes; the reader's outcome marked, in words too. */
    picture(total, mine, totals) {
      const figure = this.chart.cloneNode(true);
      const at = (name) => Number(figure.getAttribute(name));
      const marker = figure.querySelector(".nw-chart__marker");
      if (marker) {
        const low = at("data-chart-low");
        const x = ((total - low + 0.5) * 1000) / (at("data-chart-high") - low + 1) - 4;
        marker.setAttribute("x", x);
        marker.removeAttribute("display");
      }
      for (const node of figure.querySelectorAll("[data-of]")) {
        const id = node.getAttribute("data-of");
        const [mark, value] = node.querySelectorAll(".nw-chart__mine, .nw-chart__value");
        node.toggleAttribute("data-mine", id === mine);
        if (id !== mine) mark?.remove();
        else if (mark) mark.hidden = false;
        if (!value) continue; // a band of the scale, or its legend
        const n = totals.get(id);
        node.querySelector("rect").setAttribute("width", (n * 1000) / at("data-chart-most"));
        value.textContent = this.say("chart-votes", { n });
      }
      return figure;
    }

    clear() {
      for (const { node, verdict, answer } of this.parts()) {
        node.removeAttribute("data-state");
        verdict.textContent = "";
        for (const item of node.querySelectorAll("[data-chosen]")) {
          item.removeAttribute("data-chosen");
        }
        if (answer) answer.open = false;
      }
      this.result.textContent = "";
      this.result.removeAttribute("data-score");
      this.result.removeAttribute("data-outcome");
      native(this.form, "removeAttribute", "data-quiz-submitted");
    }

    save(outcome) {
      const saved = { answers: this.answers(), submitted: !!outcome, outcome }; // outcome: its id
      try {
        this.store?.setItem(this.key, JSON.stringify(saved));
      } catch {
        /* storage full: progress is simply not kept */
      }
    }

    restore() {
      if (!this.store) return;
      // Or coming Back, the browser restores the form as left, after this: other ticks, same result.
      native(this.form, "setAttribute", "autocomplete", "off");
      // Answers saved for an older version of this quiz would not fit it: drop them.
      for (const key of keys(this.store)) {
        if (key.startsWith(this.own) && key !== this.key) this.store.removeItem(key);
      }
      const saved = read(this.store, this.key);
      if (typeof saved.answers !== "object" || !saved.answers) return;
      for (const { id, inputs } of this.parts()) {
        const values = saved.answers[id];
        if (!Array.isArray(values)) continue;
        for (const input of inputs) input.checked = values.includes(input.getAttribute("value"));
      }
      if (saved.submitted === true && native(this.form, "checkValidity")) this.show();
    }
  }

  /* The quizzes index: the line for each quiz finished here, from its <template>; "forget". */
  function index(root) {
    root.setAttribute("data-quiz-init", "");
    const store = storage();
    const outcome = (key) => {
      const saved = read(store, key);
      return saved.submitted === true && (saved.outcome || "?");
    };
    for (const template of root.querySelectorAll("template[data-index-quiz]")) {
      const own = `${PREFIX}${template.getAttribute("data-index-quiz")}:`;
      const key = own + template.getAttribute("data-quiz-version");
      const old = keys(store).some((k) => k.startsWith(own) && outcome(k));
      const want = outcome(key) || (old ? "" : null);
      for (const line of template.content.children) {
        if (line.getAttribute("data-outcome-id") === want) template.before(line.cloneNode(true));
      }
    }
    const shown = () => root.querySelectorAll("[data-outcome-id]"); // not those in templates
    if (!shown().length) return;
    const memory = root.querySelector("[data-index-memory]");
    const [forget, status] = memory.children;
    memory.hidden = false;
    forget.firstElementChild.addEventListener("click", () => {
      for (const key of keys(store)) store.removeItem(key);
      for (const line of shown()) line.remove();
      forget.remove();
      status.textContent = status.getAttribute("data-index-said");
      status.focus(); // the button is gone
    });
  }

  function start() {
    const roots = ":is(form[data-quiz], [data-quiz-index]):not([data-quiz-init])";
    for (const root of document.querySelectorAll(roots)) {
      try {
        root instanceof HTMLFormElement ? new Quiz(root) : index(root);
      } catch (error) {
        console.error(error); // one broken quiz must not stop the others
      }
    }
  }

  // Material's instant navigation swaps pages without reloading scripts: document$ emits on
  // every page, including the first. Without Material, start once the document is ready.
  if (typeof window.document$?.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
