"use strict";
// Renders the embedded articles. Everything taken from the data is put in the page with
// textContent or as attribute values, never parsed as HTML.
(function () {
  const data = JSON.parse(document.getElementById("data").textContent);
  const articles = data.articles;
  const COLUMNS = ["text", "value", "unit", "kind", "bound", "period", "change", "source", "summary"];
  let current = -1;
  let sortColumn = null;
  let sortDescending = false;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function via(part) {
    return part && part.via ? " (via " + part.via + ")" : "";
  }

  function periodText(figure) {
    const period = figure.period;
    return period ? period.value + " \u201c" + period.text + "\u201d" + via(period) : "";
  }

  function changeText(figure) {
    const change = figure.change;
    if (!change) return "";
    const amount = change.value === null ? "" : (change.value > 0 ? "+" : "") + change.value + " " + change.unit;
    return (amount + " " + (change.direction || "")).trim() + " \u201c" + change.text + "\u201d";
  }

  function sourceText(figure) {
    const source = figure.source;
    if (!source) return "";
    return source.text + (source.inherited ? " (inherited)" : "") + via(source);
  }

  function valueText(figure) {
    return figure.value_max === null || figure.value_max === undefined
      ? String(figure.value) : figure.value + "\u2013" + figure.value_max;
  }

  function cell(figure, column) {
    switch (column) {
      case "value": return valueText(figure);
      case "period": return periodText(figure);
      case "change": return changeText(figure);
      case "source": return sourceText(figure);
      default: return figure[column] === null || figure[column] === undefined ? "" : String(figure[column]);
    }
  }

  function renderList(filter) {
    const list = document.getElementById("articles");
    list.replaceChildren();
    const needle = (filter || "").toLowerCase();
    articles.forEach(function (article, index) {
      const label = article.title || article.url || article.id;
      if (needle && label.toLowerCase().indexOf(needle) < 0) return;
      const item = el("li", index === current ? "current" : "", label);
      item.appendChild(el("small", "", " (" + article.figures.length + ")"));
      item.addEventListener("click", function () { showArticle(index); });
      list.appendChild(item);
    });
  }

  function mentionSpans(article) {
    const spans = [];
    article.dates.forEach(function (date) { spans.push([date.span[0], date.span[1], "date"]); });
    article.sources.forEach(function (attribution) {
      ["source", "cue"].forEach(function (role) {
        if (attribution[role] && attribution[role].span) {
          spans.push([attribution[role].span[0], attribution[role].span[1], "src"]);
        }
      });
    });
    return spans;
  }

  function appendPlain(container, text, spans, start, end) {
    const cuts = new Set([start, end]);
    spans.forEach(function (span) {
      if (span[0] > start && span[0] < end) cuts.add(span[0]);
      if (span[1] > start && span[1] < end) cuts.add(span[1]);
    });
    const points = Array.from(cuts).sort(function (a, b) { return a - b; });
    for (let k = 0; k + 1 < points.length; k++) {
      const from = points[k], to = points[k + 1];
      const classes = new Set();
      spans.forEach(function (span) { if (span[0] <= from && to <= span[1]) classes.add(span[2]); });
      const piece = text.slice(from, to);
      if (classes.size) {
        container.appendChild(el("span", Array.from(classes).join(" "), piece));
      } else {
        container.appendChild(document.createTextNode(piece));
      }
    }
  }

  function renderText(article) {
    const container = document.getElementById("text");
    container.replaceChildren();
    const spans = mentionSpans(article);
    const order = article.figures.map(function (figure, index) { return index; });
    order.sort(function (a, b) { return article.figures[a].span[0] - article.figures[b].span[0]; });
    let position = 0;
    order.forEach(function (index) {
      const figure = article.figures[index];
      const start = Math.max(figure.span[0], position);
      appendPlain(container, article.text, spans, position, start);
      const mark = el("mark", "fig", article.text.slice(start, figure.span[1]));
      mark.dataset.figure = String(index);
      mark.title = figure.summary || figure.text;
      mark.addEventListener("click", function () { showRecord(index); });
      container.appendChild(mark);
      position = Math.max(position, figure.span[1]);
    });
    appendPlain(container, article.text, spans, position, article.text.length);
  }

  function renderTable(article) {
    const head = document.querySelector("#figures thead tr");
    head.replaceChildren();
    COLUMNS.forEach(function (column) {
      const arrow = column === sortColumn ? (sortDescending ? " \u25bc" : " \u25b2") : "";
      const th = el("th", "", column + arrow);
      th.addEventListener("click", function () {
        sortDescending = sortColumn === column ? !sortDescending : false;
        sortColumn = column;
        renderTable(article);
      });
      head.appendChild(th);
    });
    const rows = article.figures.map(function (figure, index) { return index; });
    if (sortColumn) {
      rows.sort(function (a, b) {
        const x = sortColumn === "value" ? article.figures[a].value : cell(article.figures[a], sortColumn);
        const y = sortColumn === "value" ? article.figures[b].value : cell(article.figures[b], sortColumn);
        const order = x < y ? -1 : x > y ? 1 : 0;
        return sortDescending ? -order : order;
      });
    }
    const body = document.querySelector("#figures tbody");
    body.replaceChildren();
    rows.forEach(function (index) {
      const row = el("tr");
      row.dataset.figure = String(index);
      COLUMNS.forEach(function (column) { row.appendChild(el("td", "", cell(article.figures[index], column))); });
      row.addEventListener("click", function () { showRecord(index); });
      body.appendChild(row);
    });
    filterTable();
  }

  function filterTable() {
    const needle = document.getElementById("figure-filter").value.toLowerCase();
    document.querySelectorAll("#figures tbody tr").forEach(function (row) {
      row.classList.toggle("hidden", needle !== "" && row.textContent.toLowerCase().indexOf(needle) < 0);
    });
  }

  function showRecord(index) {
    const article = articles[current];
    const figure = article.figures[index];
    document.querySelectorAll("mark.fig.current").forEach(function (mark) { mark.classList.remove("current"); });
    const mark = document.querySelector('mark.fig[data-figure="' + index + '"]');
    if (mark) mark.classList.add("current");
    const panel = document.getElementById("record");
    panel.replaceChildren(el("h3", "", figure.text));
    const list = el("dl");
    const sentence = figure.sentence ? article.text.slice(figure.sentence[0], figure.sentence[1]) : "";
    [
      ["value", valueText(figure)], ["unit", figure.unit], ["kind", figure.kind], ["bound", figure.bound],
      ["period", periodText(figure)], ["change", changeText(figure)], ["source", sourceText(figure)],
      ["summary", figure.summary], ["sentence", sentence], ["id", figure.id],
    ].forEach(function (pair) {
      if (pair[1] === null || pair[1] === undefined || pair[1] === "") return;
      list.appendChild(el("dt", "", pair[0]));
      list.appendChild(el("dd", "field-" + pair[0], pair[1]));
    });
    panel.appendChild(list);
  }

  function showArticle(index) {
    current = index;
    const article = articles[index];
    document.getElementById("title").textContent = article.title || article.url || article.id;
    document.getElementById("meta").textContent =
      [article.outlet, article.published, article.url].filter(Boolean).join(" \u00b7 ");
    renderText(article);
    renderTable(article);
    renderList(document.getElementById("article-filter").value);
    const panel = document.getElementById("record");
    panel.replaceChildren(el("p", "hint", "Click a highlighted figure to see its record."));
  }

  const figureCount = articles.reduce(function (sum, article) { return sum + article.figures.length; }, 0);
  document.getElementById("counts").textContent = articles.length + " articles, " + figureCount + " figures";
  document.getElementById("article-filter").addEventListener("input", function (event) {
    renderList(event.target.value);
  });
  document.getElementById("figure-filter").addEventListener("input", filterTable);
  if (articles.length) showArticle(0); else renderList("");
})();
