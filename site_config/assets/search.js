/* The header search box, over the site's own static index (generator/site/search.py writes it under
 * search/ and documents its files). Nothing is fetched until the reader opens or focuses the box; a
 * query then fetches the manifest, one small postings file per term and the page files of the results
 * shown. Addresses start from the site root that Material's __config gives ("base", relative to the
 * page), so the site works from any sub-path. Titles and excerpts are record text: they only ever
 * become text nodes, never markup.
 *
 * The terms and the shard hash must stay exactly as in search.py (tests compare them). */
(function (root) {
  "use strict";

  var CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}";
  var TOKEN = new RegExp("[" + CJK + "]+|[a-z0-9]+", "gu");
  var CJK_START = new RegExp("^[" + CJK + "]", "u");
  var VERSION = 1;
  var MAX_TERMS = 6;
  var SHOWN = 10;
  var DELAY = 150;

  function normalise(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  function tokens(query) {
    return normalise(query).match(TOKEN) || [];
  }

  function distinct(terms) {
    return terms.filter(function (term, i) { return terms.indexOf(term) === i; });
  }

  /* The terms a page must hold (search.py's query_terms): bigrams covering each CJK run, a lone
   * character only when nothing longer was typed, words; at most MAX_TERMS. */
  function queryTerms(query) {
    var all = tokens(query);
    var longer = all.some(function (token) { return !CJK_START.test(token) || Array.from(token).length > 1; });
    var terms = [];
    all.forEach(function (token) {
      var chars = Array.from(token);
      if (!CJK_START.test(token)) {
        terms.push(token);
      } else if (chars.length === 1) {
        if (!longer) {
          terms.push(token);
        }
      } else {
        for (var i = 0; i + 1 < chars.length; i += 2) {
          terms.push(chars[i] + chars[i + 1]);
        }
        if (chars.length % 2 === 1) {
          terms.push(chars[chars.length - 2] + chars[chars.length - 1]);
        }
      }
    });
    return distinct(terms).slice(0, MAX_TERMS);
  }

  /* What the results mark (search.py's highlight_terms): every bigram, lone character and word. */
  function highlightTerms(query) {
    var terms = [];
    tokens(query).forEach(function (token) {
      var chars = Array.from(token);
      if (CJK_START.test(token) && chars.length > 1) {
        for (var i = 0; i + 1 < chars.length; i++) {
          terms.push(chars[i] + chars[i + 1]);
        }
      } else {
        terms.push(token);
      }
    });
    return distinct(terms);
  }

  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      table.push(c >>> 0);
    }
    return table;
  })();

  /* CRC-32 of the term's UTF-8 bytes, as zlib.crc32: the shard hash. */
  function crc32(term) {
    var crc = 0xffffffff;
    utf8(term).forEach(function (byte) {
      crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
    });
    return (crc ^ 0xffffffff) >>> 0;
  }

  function utf8(text) {
    var bytes = [];
    Array.from(text).forEach(function (char) {
      var code = char.codePointAt(0);
      if (code < 0x80) {
        bytes.push(code);
      } else if (code < 0x800) {
        bytes.push(0xc0 | code >> 6, 0x80 | code & 63);
      } else if (code < 0x10000) {
        bytes.push(0xe0 | code >> 12, 0x80 | code >> 6 & 63, 0x80 | code & 63);
      } else {
        bytes.push(0xf0 | code >> 18, 0x80 | code >> 12 & 63, 0x80 | code >> 6 & 63, 0x80 | code & 63);
      }
    });
    return bytes;
  }

  /* Page numbers from a delta-encoded list. */
  function numbers(gaps) {
    var result = [];
    for (var i = 0, total = 0; i < gaps.length; i++) {
      total += gaps[i];
      result.push(total);
    }
    return result;
  }

  /* found: [pages ascending, Set of pages whose title holds the term] per term. Pages holding every
   * term, those whose title holds more of them first, then by page number. */
  function rank(found) {
    if (!found.length) {
      return [];
    }
    var matches = found[0][0];
    found.slice(1).forEach(function (term) {
      var pages = new Set(term[0]);
      matches = matches.filter(function (page) { return pages.has(page); });
    });
    var score = new Map(matches.map(function (page) {
      return [page, found.filter(function (term) { return term[1].has(page); }).length];
    }));
    return matches.slice().sort(function (a, b) { return score.get(b) - score.get(a) || a - b; });
  }

  /* The parts of ``text`` to show plain and marked: characters showing a term, compared after the same
   * normalisation as the index. */
  function markedRanges(text, terms) {
    var chars = Array.from(text);
    var starts = [];
    var folded = "";
    chars.forEach(function (char) {
      starts.push(folded.length);
      folded += normalise(char);
    });
    starts.push(folded.length);
    var marked = chars.map(function () { return false; });
    terms.forEach(function (term) {
      for (var at = folded.indexOf(term); term && at !== -1; at = folded.indexOf(term, at + 1)) {
        for (var i = 0; i < chars.length; i++) {
          if (starts[i] < at + term.length && starts[i + 1] > at) {
            marked[i] = true;
          }
        }
      }
    });
    var parts = [];
    chars.forEach(function (char, i) {
      var last = parts[parts.length - 1];
      if (last && last.marked === marked[i]) {
        last.text += char;
      } else {
        parts.push({ text: char, marked: marked[i] });
      }
    });
    return parts;
  }

  var api = { normalise: normalise, queryTerms: queryTerms, highlightTerms: highlightTerms, crc32: crc32,
              numbers: numbers, rank: rank, markedRanges: markedRanges };
  root.unionsiteSearch = api;
  if (typeof document === "undefined") {
    return; // outside a browser (the tests run this file in node for its functions)
  }

  var input = document.querySelector("[data-us-search-input]");
  var box = document.querySelector("[data-us-search-result]");
  var toggle = document.getElementById("__search");
  var configElement = document.getElementById("__config");
  if (!input || !box || !toggle || !configElement) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var siteRoot = new URL(config.base.replace(/\/?$/, "/"), location.href);
  var searchRoot = new URL("search/", siteRoot);
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var form = input.form;
  var said = function (key, fallback) { return (config.translations || {})[key] || fallback; };

  var manifest = null;
  var files = new Map();
  var latest = 0;
  var timer = null;

  function getJSON(url, reload) {
    return fetch(url, { cache: reload ? "reload" : "default" }).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status + " " + url);
      }
      return response.json();
    });
  }

  function loadManifest(reload) {
    if (!manifest || reload) {
      manifest = getJSON(new URL("manifest.json", searchRoot), reload).then(function (data) {
        if (data.version !== VERSION) {
          throw new Error("search index version " + data.version);
        }
        return data;
      });
      manifest.catch(function () { manifest = null; });
      files = new Map();
    }
    return manifest;
  }

  function loadFile(index, name) {
    var url = new URL(index.path + name, searchRoot).href;
    if (!files.has(url)) {
      var promise = getJSON(url, false);
      promise.catch(function () { files.delete(url); });
      files.set(url, promise);
    }
    return files.get(url);
  }

  /* [page numbers best first, manifest]; the postings come from the manifest's current folder. */
  function lookUp(terms, reload) {
    return loadManifest(reload).then(function (index) {
      return Promise.all(terms.map(function (term) {
        return loadFile(index, "t" + (crc32(term) % index.shards) + ".json").then(function (shard) {
          var own = Object.prototype.hasOwnProperty;
          return [numbers(own.call(shard[0], term) ? shard[0][term] : []),
                  new Set(numbers(own.call(shard[1], term) ? shard[1][term] : []))];
        });
      })).then(function (found) { return [rank(found), index]; });
    });
  }

  function pagesOf(index, chosen) {
    return Promise.all(chosen.map(function (number) {
      return loadFile(index, "d" + Math.floor(number / index.per_file) + ".json").then(function (page) {
        return page[number % index.per_file];
      });
    }));
  }

  function markedElement(tag, text, terms) {
    var element = document.createElement(tag);
    markedRanges(text, terms).forEach(function (part) {
      if (part.marked) {
        var mark = document.createElement("mark");
        mark.textContent = part.text;
        element.appendChild(mark);
      } else {
        element.appendChild(document.createTextNode(part.text));
      }
    });
    return element;
  }

  function resultItem(doc, terms) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(doc[0], siteRoot).href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    article.appendChild(markedElement("h1", doc[1] || doc[0], terms));
    if (doc[2]) {
      article.appendChild(markedElement("p", doc[2], terms));
    }
    var where = document.createElement("p");
    where.className = "us-search-url";
    where.textContent = "/" + readable(doc[0]);
    article.appendChild(where);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function fill(element, children) {
    element.textContent = "";
    children.forEach(function (child) { element.appendChild(child); });
  }

  function readable(url) {
    try {
      return decodeURI(url);
    } catch (error) {
      return url;
    }
  }

  function countText(count) {
    if (count === 0) {
      return said("search.result.none", "没有找到符合条件的结果");
    }
    if (count === 1) {
      return said("search.result.one", "找到 1 个符合条件的结果");
    }
    return said("search.result.other", "# 个符合条件的结果").replace("#", count);
  }

  function show(query, shown, reloaded) {
    var serial = ++latest;
    var terms = queryTerms(query);
    var marks = highlightTerms(query);
    if (!terms.length) {
      meta.textContent = query.trim() ? countText(0) : said("search.result.placeholder", "键入以开始搜索");
      fill(list, []);
      box.setAttribute("data-us-query", query);
      return Promise.resolve();
    }
    return lookUp(terms, reloaded).then(function (found) {
      var ranked = found[0];
      return pagesOf(found[1], ranked.slice(0, shown)).then(function (docs) {
        if (serial !== latest) {
          return;
        }
        meta.textContent = countText(ranked.length);
        var items = docs.map(function (doc) { return resultItem(doc, marks); });
        if (ranked.length > shown) {
          var more = document.createElement("li");
          more.className = "md-search-result__item us-search-more";
          var button = document.createElement("button");
          button.type = "button";
          button.className = "md-button";
          button.textContent = "显示更多结果";
          button.addEventListener("click", function () { show(query, shown + SHOWN, false); });
          more.appendChild(button);
          items.push(more);
        }
        fill(list, items);
        box.setAttribute("data-us-query", query); // the results shown are for this query (tests wait on it)
      });
    }).catch(function (error) {
      if (!reloaded) {
        return show(query, shown, true); // a redeploy may have replaced the index: read the manifest again
      }
      if (serial === latest) {
        meta.textContent = "搜索暂时不可用，请稍后再试。";
        fill(list, []);
      }
      if (window.console) {
        window.console.warn("search:", error);
      }
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value, SHOWN, false); }, DELAY);
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
    }
    loadManifest(false).catch(function () {});
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function (event) {
    if (!event.isComposing) {
      later();
    }
  });
  input.addEventListener("compositionend", later);
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      open();
      input.focus();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    show(input.value, SHOWN, false).then(function () {
      var first = list.querySelector("a.md-search-result__link");
      if (first) {
        location.href = first.href;
      }
    });
  });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      show("", SHOWN, false);
      input.focus();
    });
  });

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link"));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) {
      return;
    }
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!toggle.checked) {
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        open();
        input.focus();
      }
      return;
    }
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) {
        return;
      }
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = at === -1 ? (step > 0 ? 0 : all.length - 1) : at + step;
      if (next < 0 || next >= all.length) {
        input.focus();
      } else {
        all[next].focus();
      }
    }
  });
})(typeof window !== "undefined" ? window : globalThis);
