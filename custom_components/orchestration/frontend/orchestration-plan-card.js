const H = globalThis, F = H.ShadowRoot && (H.ShadyCSS === void 0 || H.ShadyCSS.nativeShadow) && "adoptedStyleSheets" in Document.prototype && "replace" in CSSStyleSheet.prototype, V = /* @__PURE__ */ Symbol(), X = /* @__PURE__ */ new WeakMap();
let _t = class {
  constructor(t, e, r) {
    if (this._$cssResult$ = !0, r !== V) throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");
    this.cssText = t, this.t = e;
  }
  get styleSheet() {
    let t = this.o;
    const e = this.t;
    if (F && t === void 0) {
      const r = e !== void 0 && e.length === 1;
      r && (t = X.get(e)), t === void 0 && ((this.o = t = new CSSStyleSheet()).replaceSync(this.cssText), r && X.set(e, t));
    }
    return t;
  }
  toString() {
    return this.cssText;
  }
};
const xt = (i) => new _t(typeof i == "string" ? i : i + "", void 0, V), Et = (i, ...t) => {
  const e = i.length === 1 ? i[0] : t.reduce((r, s, o) => r + ((n) => {
    if (n._$cssResult$ === !0) return n.cssText;
    if (typeof n == "number") return n;
    throw Error("Value passed to 'css' function must be a 'css' function result: " + n + ". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.");
  })(s) + i[o + 1], i[0]);
  return new _t(e, i, V);
}, St = (i, t) => {
  if (F) i.adoptedStyleSheets = t.map((e) => e instanceof CSSStyleSheet ? e : e.styleSheet);
  else for (const e of t) {
    const r = document.createElement("style"), s = H.litNonce;
    s !== void 0 && r.setAttribute("nonce", s), r.textContent = e.cssText, i.appendChild(r);
  }
}, tt = F ? (i) => i : (i) => i instanceof CSSStyleSheet ? ((t) => {
  let e = "";
  for (const r of t.cssRules) e += r.cssText;
  return xt(e);
})(i) : i;
const { is: Ct, defineProperty: Pt, getOwnPropertyDescriptor: kt, getOwnPropertyNames: Ot, getOwnPropertySymbols: Tt, getPrototypeOf: Mt } = Object, D = globalThis, et = D.trustedTypes, Rt = et ? et.emptyScript : "", Nt = D.reactiveElementPolyfillSupport, P = (i, t) => i, j = { toAttribute(i, t) {
  switch (t) {
    case Boolean:
      i = i ? Rt : null;
      break;
    case Object:
    case Array:
      i = i == null ? i : JSON.stringify(i);
  }
  return i;
}, fromAttribute(i, t) {
  let e = i;
  switch (t) {
    case Boolean:
      e = i !== null;
      break;
    case Number:
      e = i === null ? null : Number(i);
      break;
    case Object:
    case Array:
      try {
        e = JSON.parse(i);
      } catch {
        e = null;
      }
  }
  return e;
} }, q = (i, t) => !Ct(i, t), st = { attribute: !0, type: String, converter: j, reflect: !1, useDefault: !1, hasChanged: q };
Symbol.metadata ??= /* @__PURE__ */ Symbol("metadata"), D.litPropertyMetadata ??= /* @__PURE__ */ new WeakMap();
let A = class extends HTMLElement {
  static addInitializer(t) {
    this._$Ei(), (this.l ??= []).push(t);
  }
  static get observedAttributes() {
    return this.finalize(), this._$Eh && [...this._$Eh.keys()];
  }
  static createProperty(t, e = st) {
    if (e.state && (e.attribute = !1), this._$Ei(), this.prototype.hasOwnProperty(t) && ((e = Object.create(e)).wrapped = !0), this.elementProperties.set(t, e), !e.noAccessor) {
      const r = /* @__PURE__ */ Symbol(), s = this.getPropertyDescriptor(t, r, e);
      s !== void 0 && Pt(this.prototype, t, s);
    }
  }
  static getPropertyDescriptor(t, e, r) {
    const { get: s, set: o } = kt(this.prototype, t) ?? { get() {
      return this[e];
    }, set(n) {
      this[e] = n;
    } };
    return { get: s, set(n) {
      const l = s?.call(this);
      o?.call(this, n), this.requestUpdate(t, l, r);
    }, configurable: !0, enumerable: !0 };
  }
  static getPropertyOptions(t) {
    return this.elementProperties.get(t) ?? st;
  }
  static _$Ei() {
    if (this.hasOwnProperty(P("elementProperties"))) return;
    const t = Mt(this);
    t.finalize(), t.l !== void 0 && (this.l = [...t.l]), this.elementProperties = new Map(t.elementProperties);
  }
  static finalize() {
    if (this.hasOwnProperty(P("finalized"))) return;
    if (this.finalized = !0, this._$Ei(), this.hasOwnProperty(P("properties"))) {
      const e = this.properties, r = [...Ot(e), ...Tt(e)];
      for (const s of r) this.createProperty(s, e[s]);
    }
    const t = this[Symbol.metadata];
    if (t !== null) {
      const e = litPropertyMetadata.get(t);
      if (e !== void 0) for (const [r, s] of e) this.elementProperties.set(r, s);
    }
    this._$Eh = /* @__PURE__ */ new Map();
    for (const [e, r] of this.elementProperties) {
      const s = this._$Eu(e, r);
      s !== void 0 && this._$Eh.set(s, e);
    }
    this.elementStyles = this.finalizeStyles(this.styles);
  }
  static finalizeStyles(t) {
    const e = [];
    if (Array.isArray(t)) {
      const r = new Set(t.flat(1 / 0).reverse());
      for (const s of r) e.unshift(tt(s));
    } else t !== void 0 && e.push(tt(t));
    return e;
  }
  static _$Eu(t, e) {
    const r = e.attribute;
    return r === !1 ? void 0 : typeof r == "string" ? r : typeof t == "string" ? t.toLowerCase() : void 0;
  }
  constructor() {
    super(), this._$Ep = void 0, this.isUpdatePending = !1, this.hasUpdated = !1, this._$Em = null, this._$Ev();
  }
  _$Ev() {
    this._$ES = new Promise((t) => this.enableUpdating = t), this._$AL = /* @__PURE__ */ new Map(), this._$E_(), this.requestUpdate(), this.constructor.l?.forEach((t) => t(this));
  }
  addController(t) {
    (this._$EO ??= /* @__PURE__ */ new Set()).add(t), this.renderRoot !== void 0 && this.isConnected && t.hostConnected?.();
  }
  removeController(t) {
    this._$EO?.delete(t);
  }
  _$E_() {
    const t = /* @__PURE__ */ new Map(), e = this.constructor.elementProperties;
    for (const r of e.keys()) this.hasOwnProperty(r) && (t.set(r, this[r]), delete this[r]);
    t.size > 0 && (this._$Ep = t);
  }
  createRenderRoot() {
    const t = this.shadowRoot ?? this.attachShadow(this.constructor.shadowRootOptions);
    return St(t, this.constructor.elementStyles), t;
  }
  connectedCallback() {
    this.renderRoot ??= this.createRenderRoot(), this.enableUpdating(!0), this._$EO?.forEach((t) => t.hostConnected?.());
  }
  enableUpdating(t) {
  }
  disconnectedCallback() {
    this._$EO?.forEach((t) => t.hostDisconnected?.());
  }
  attributeChangedCallback(t, e, r) {
    this._$AK(t, r);
  }
  _$ET(t, e) {
    const r = this.constructor.elementProperties.get(t), s = this.constructor._$Eu(t, r);
    if (s !== void 0 && r.reflect === !0) {
      const o = (r.converter?.toAttribute !== void 0 ? r.converter : j).toAttribute(e, r.type);
      this._$Em = t, o == null ? this.removeAttribute(s) : this.setAttribute(s, o), this._$Em = null;
    }
  }
  _$AK(t, e) {
    const r = this.constructor, s = r._$Eh.get(t);
    if (s !== void 0 && this._$Em !== s) {
      const o = r.getPropertyOptions(s), n = typeof o.converter == "function" ? { fromAttribute: o.converter } : o.converter?.fromAttribute !== void 0 ? o.converter : j;
      this._$Em = s;
      const l = n.fromAttribute(e, o.type);
      this[s] = l ?? this._$Ej?.get(s) ?? l, this._$Em = null;
    }
  }
  requestUpdate(t, e, r, s = !1, o) {
    if (t !== void 0) {
      const n = this.constructor;
      if (s === !1 && (o = this[t]), r ??= n.getPropertyOptions(t), !((r.hasChanged ?? q)(o, e) || r.useDefault && r.reflect && o === this._$Ej?.get(t) && !this.hasAttribute(n._$Eu(t, r)))) return;
      this.C(t, e, r);
    }
    this.isUpdatePending === !1 && (this._$ES = this._$EP());
  }
  C(t, e, { useDefault: r, reflect: s, wrapped: o }, n) {
    r && !(this._$Ej ??= /* @__PURE__ */ new Map()).has(t) && (this._$Ej.set(t, n ?? e ?? this[t]), o !== !0 || n !== void 0) || (this._$AL.has(t) || (this.hasUpdated || r || (e = void 0), this._$AL.set(t, e)), s === !0 && this._$Em !== t && (this._$Eq ??= /* @__PURE__ */ new Set()).add(t));
  }
  async _$EP() {
    this.isUpdatePending = !0;
    try {
      await this._$ES;
    } catch (e) {
      Promise.reject(e);
    }
    const t = this.scheduleUpdate();
    return t != null && await t, !this.isUpdatePending;
  }
  scheduleUpdate() {
    return this.performUpdate();
  }
  performUpdate() {
    if (!this.isUpdatePending) return;
    if (!this.hasUpdated) {
      if (this.renderRoot ??= this.createRenderRoot(), this._$Ep) {
        for (const [s, o] of this._$Ep) this[s] = o;
        this._$Ep = void 0;
      }
      const r = this.constructor.elementProperties;
      if (r.size > 0) for (const [s, o] of r) {
        const { wrapped: n } = o, l = this[s];
        n !== !0 || this._$AL.has(s) || l === void 0 || this.C(s, void 0, o, l);
      }
    }
    let t = !1;
    const e = this._$AL;
    try {
      t = this.shouldUpdate(e), t ? (this.willUpdate(e), this._$EO?.forEach((r) => r.hostUpdate?.()), this.update(e)) : this._$EM();
    } catch (r) {
      throw t = !1, this._$EM(), r;
    }
    t && this._$AE(e);
  }
  willUpdate(t) {
  }
  _$AE(t) {
    this._$EO?.forEach((e) => e.hostUpdated?.()), this.hasUpdated || (this.hasUpdated = !0, this.firstUpdated(t)), this.updated(t);
  }
  _$EM() {
    this._$AL = /* @__PURE__ */ new Map(), this.isUpdatePending = !1;
  }
  get updateComplete() {
    return this.getUpdateComplete();
  }
  getUpdateComplete() {
    return this._$ES;
  }
  shouldUpdate(t) {
    return !0;
  }
  update(t) {
    this._$Eq &&= this._$Eq.forEach((e) => this._$ET(e, this[e])), this._$EM();
  }
  updated(t) {
  }
  firstUpdated(t) {
  }
};
A.elementStyles = [], A.shadowRootOptions = { mode: "open" }, A[P("elementProperties")] = /* @__PURE__ */ new Map(), A[P("finalized")] = /* @__PURE__ */ new Map(), Nt?.({ ReactiveElement: A }), (D.reactiveElementVersions ??= []).push("2.1.2");
const K = globalThis, rt = (i) => i, z = K.trustedTypes, it = z ? z.createPolicy("lit-html", { createHTML: (i) => i }) : void 0, gt = "$lit$", v = `lit$${Math.random().toFixed(9).slice(2)}$`, ft = "?" + v, Ut = `<${ft}>`, w = document, k = () => w.createComment(""), O = (i) => i === null || typeof i != "object" && typeof i != "function", G = Array.isArray, Ht = (i) => G(i) || typeof i?.[Symbol.iterator] == "function", I = `[ 	
\f\r]`, C = /<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g, nt = /-->/g, ot = />/g, b = RegExp(`>|${I}(?:([^\\s"'>=/]+)(${I}*=${I}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`, "g"), at = /'/g, lt = /"/g, $t = /^(?:script|style|textarea|title)$/i, jt = (i) => (t, ...e) => ({ _$litType$: i, strings: t, values: e }), h = jt(1), E = /* @__PURE__ */ Symbol.for("lit-noChange"), c = /* @__PURE__ */ Symbol.for("lit-nothing"), ct = /* @__PURE__ */ new WeakMap(), y = w.createTreeWalker(w, 129);
function mt(i, t) {
  if (!G(i) || !i.hasOwnProperty("raw")) throw Error("invalid template strings array");
  return it !== void 0 ? it.createHTML(t) : t;
}
const zt = (i, t) => {
  const e = i.length - 1, r = [];
  let s, o = t === 2 ? "<svg>" : t === 3 ? "<math>" : "", n = C;
  for (let l = 0; l < e; l++) {
    const a = i[l];
    let p, u, d = -1, g = 0;
    for (; g < a.length && (n.lastIndex = g, u = n.exec(a), u !== null); ) g = n.lastIndex, n === C ? u[1] === "!--" ? n = nt : u[1] !== void 0 ? n = ot : u[2] !== void 0 ? ($t.test(u[2]) && (s = RegExp("</" + u[2], "g")), n = b) : u[3] !== void 0 && (n = b) : n === b ? u[0] === ">" ? (n = s ?? C, d = -1) : u[1] === void 0 ? d = -2 : (d = n.lastIndex - u[2].length, p = u[1], n = u[3] === void 0 ? b : u[3] === '"' ? lt : at) : n === lt || n === at ? n = b : n === nt || n === ot ? n = C : (n = b, s = void 0);
    const m = n === b && i[l + 1].startsWith("/>") ? " " : "";
    o += n === C ? a + Ut : d >= 0 ? (r.push(p), a.slice(0, d) + gt + a.slice(d) + v + m) : a + v + (d === -2 ? l : m);
  }
  return [mt(i, o + (i[e] || "<?>") + (t === 2 ? "</svg>" : t === 3 ? "</math>" : "")), r];
};
class T {
  constructor({ strings: t, _$litType$: e }, r) {
    let s;
    this.parts = [];
    let o = 0, n = 0;
    const l = t.length - 1, a = this.parts, [p, u] = zt(t, e);
    if (this.el = T.createElement(p, r), y.currentNode = this.el.content, e === 2 || e === 3) {
      const d = this.el.content.firstChild;
      d.replaceWith(...d.childNodes);
    }
    for (; (s = y.nextNode()) !== null && a.length < l; ) {
      if (s.nodeType === 1) {
        if (s.hasAttributes()) for (const d of s.getAttributeNames()) if (d.endsWith(gt)) {
          const g = u[n++], m = s.getAttribute(d).split(v), R = /([.?@])?(.*)/.exec(g);
          a.push({ type: 1, index: o, name: R[2], strings: m, ctor: R[1] === "." ? Lt : R[1] === "?" ? It : R[1] === "@" ? Wt : L }), s.removeAttribute(d);
        } else d.startsWith(v) && (a.push({ type: 6, index: o }), s.removeAttribute(d));
        if ($t.test(s.tagName)) {
          const d = s.textContent.split(v), g = d.length - 1;
          if (g > 0) {
            s.textContent = z ? z.emptyScript : "";
            for (let m = 0; m < g; m++) s.append(d[m], k()), y.nextNode(), a.push({ type: 2, index: ++o });
            s.append(d[g], k());
          }
        }
      } else if (s.nodeType === 8) if (s.data === ft) a.push({ type: 2, index: o });
      else {
        let d = -1;
        for (; (d = s.data.indexOf(v, d + 1)) !== -1; ) a.push({ type: 7, index: o }), d += v.length - 1;
      }
      o++;
    }
  }
  static createElement(t, e) {
    const r = w.createElement("template");
    return r.innerHTML = t, r;
  }
}
function S(i, t, e = i, r) {
  if (t === E) return t;
  let s = r !== void 0 ? e._$Co?.[r] : e._$Cl;
  const o = O(t) ? void 0 : t._$litDirective$;
  return s?.constructor !== o && (s?._$AO?.(!1), o === void 0 ? s = void 0 : (s = new o(i), s._$AT(i, e, r)), r !== void 0 ? (e._$Co ??= [])[r] = s : e._$Cl = s), s !== void 0 && (t = S(i, s._$AS(i, t.values), s, r)), t;
}
class Dt {
  constructor(t, e) {
    this._$AV = [], this._$AN = void 0, this._$AD = t, this._$AM = e;
  }
  get parentNode() {
    return this._$AM.parentNode;
  }
  get _$AU() {
    return this._$AM._$AU;
  }
  u(t) {
    const { el: { content: e }, parts: r } = this._$AD, s = (t?.creationScope ?? w).importNode(e, !0);
    y.currentNode = s;
    let o = y.nextNode(), n = 0, l = 0, a = r[0];
    for (; a !== void 0; ) {
      if (n === a.index) {
        let p;
        a.type === 2 ? p = new M(o, o.nextSibling, this, t) : a.type === 1 ? p = new a.ctor(o, a.name, a.strings, this, t) : a.type === 6 && (p = new Bt(o, this, t)), this._$AV.push(p), a = r[++l];
      }
      n !== a?.index && (o = y.nextNode(), n++);
    }
    return y.currentNode = w, s;
  }
  p(t) {
    let e = 0;
    for (const r of this._$AV) r !== void 0 && (r.strings !== void 0 ? (r._$AI(t, r, e), e += r.strings.length - 2) : r._$AI(t[e])), e++;
  }
}
class M {
  get _$AU() {
    return this._$AM?._$AU ?? this._$Cv;
  }
  constructor(t, e, r, s) {
    this.type = 2, this._$AH = c, this._$AN = void 0, this._$AA = t, this._$AB = e, this._$AM = r, this.options = s, this._$Cv = s?.isConnected ?? !0;
  }
  get parentNode() {
    let t = this._$AA.parentNode;
    const e = this._$AM;
    return e !== void 0 && t?.nodeType === 11 && (t = e.parentNode), t;
  }
  get startNode() {
    return this._$AA;
  }
  get endNode() {
    return this._$AB;
  }
  _$AI(t, e = this) {
    t = S(this, t, e), O(t) ? t === c || t == null || t === "" ? (this._$AH !== c && this._$AR(), this._$AH = c) : t !== this._$AH && t !== E && this._(t) : t._$litType$ !== void 0 ? this.$(t) : t.nodeType !== void 0 ? this.T(t) : Ht(t) ? this.k(t) : this._(t);
  }
  O(t) {
    return this._$AA.parentNode.insertBefore(t, this._$AB);
  }
  T(t) {
    this._$AH !== t && (this._$AR(), this._$AH = this.O(t));
  }
  _(t) {
    this._$AH !== c && O(this._$AH) ? this._$AA.nextSibling.data = t : this.T(w.createTextNode(t)), this._$AH = t;
  }
  $(t) {
    const { values: e, _$litType$: r } = t, s = typeof r == "number" ? this._$AC(t) : (r.el === void 0 && (r.el = T.createElement(mt(r.h, r.h[0]), this.options)), r);
    if (this._$AH?._$AD === s) this._$AH.p(e);
    else {
      const o = new Dt(s, this), n = o.u(this.options);
      o.p(e), this.T(n), this._$AH = o;
    }
  }
  _$AC(t) {
    let e = ct.get(t.strings);
    return e === void 0 && ct.set(t.strings, e = new T(t)), e;
  }
  k(t) {
    G(this._$AH) || (this._$AH = [], this._$AR());
    const e = this._$AH;
    let r, s = 0;
    for (const o of t) s === e.length ? e.push(r = new M(this.O(k()), this.O(k()), this, this.options)) : r = e[s], r._$AI(o), s++;
    s < e.length && (this._$AR(r && r._$AB.nextSibling, s), e.length = s);
  }
  _$AR(t = this._$AA.nextSibling, e) {
    for (this._$AP?.(!1, !0, e); t !== this._$AB; ) {
      const r = rt(t).nextSibling;
      rt(t).remove(), t = r;
    }
  }
  setConnected(t) {
    this._$AM === void 0 && (this._$Cv = t, this._$AP?.(t));
  }
}
class L {
  get tagName() {
    return this.element.tagName;
  }
  get _$AU() {
    return this._$AM._$AU;
  }
  constructor(t, e, r, s, o) {
    this.type = 1, this._$AH = c, this._$AN = void 0, this.element = t, this.name = e, this._$AM = s, this.options = o, r.length > 2 || r[0] !== "" || r[1] !== "" ? (this._$AH = Array(r.length - 1).fill(new String()), this.strings = r) : this._$AH = c;
  }
  _$AI(t, e = this, r, s) {
    const o = this.strings;
    let n = !1;
    if (o === void 0) t = S(this, t, e, 0), n = !O(t) || t !== this._$AH && t !== E, n && (this._$AH = t);
    else {
      const l = t;
      let a, p;
      for (t = o[0], a = 0; a < o.length - 1; a++) p = S(this, l[r + a], e, a), p === E && (p = this._$AH[a]), n ||= !O(p) || p !== this._$AH[a], p === c ? t = c : t !== c && (t += (p ?? "") + o[a + 1]), this._$AH[a] = p;
    }
    n && !s && this.j(t);
  }
  j(t) {
    t === c ? this.element.removeAttribute(this.name) : this.element.setAttribute(this.name, t ?? "");
  }
}
class Lt extends L {
  constructor() {
    super(...arguments), this.type = 3;
  }
  j(t) {
    this.element[this.name] = t === c ? void 0 : t;
  }
}
class It extends L {
  constructor() {
    super(...arguments), this.type = 4;
  }
  j(t) {
    this.element.toggleAttribute(this.name, !!t && t !== c);
  }
}
class Wt extends L {
  constructor(t, e, r, s, o) {
    super(t, e, r, s, o), this.type = 5;
  }
  _$AI(t, e = this) {
    if ((t = S(this, t, e, 0) ?? c) === E) return;
    const r = this._$AH, s = t === c && r !== c || t.capture !== r.capture || t.once !== r.once || t.passive !== r.passive, o = t !== c && (r === c || s);
    s && this.element.removeEventListener(this.name, this, r), o && this.element.addEventListener(this.name, this, t), this._$AH = t;
  }
  handleEvent(t) {
    typeof this._$AH == "function" ? this._$AH.call(this.options?.host ?? this.element, t) : this._$AH.handleEvent(t);
  }
}
class Bt {
  constructor(t, e, r) {
    this.element = t, this.type = 6, this._$AN = void 0, this._$AM = e, this.options = r;
  }
  get _$AU() {
    return this._$AM._$AU;
  }
  _$AI(t) {
    S(this, t);
  }
}
const Ft = K.litHtmlPolyfillSupport;
Ft?.(T, M), (K.litHtmlVersions ??= []).push("3.3.3");
const Vt = (i, t, e) => {
  const r = e?.renderBefore ?? t;
  let s = r._$litPart$;
  if (s === void 0) {
    const o = e?.renderBefore ?? null;
    r._$litPart$ = s = new M(t.insertBefore(k(), o), o, void 0, e ?? {});
  }
  return s._$AI(i), s;
};
const Z = globalThis;
class x extends A {
  constructor() {
    super(...arguments), this.renderOptions = { host: this }, this._$Do = void 0;
  }
  createRenderRoot() {
    const t = super.createRenderRoot();
    return this.renderOptions.renderBefore ??= t.firstChild, t;
  }
  update(t) {
    const e = this.render();
    this.hasUpdated || (this.renderOptions.isConnected = this.isConnected), super.update(t), this._$Do = Vt(e, this.renderRoot, this.renderOptions);
  }
  connectedCallback() {
    super.connectedCallback(), this._$Do?.setConnected(!0);
  }
  disconnectedCallback() {
    super.disconnectedCallback(), this._$Do?.setConnected(!1);
  }
  render() {
    return E;
  }
}
x._$litElement$ = !0, x.finalized = !0, Z.litElementHydrateSupport?.({ LitElement: x });
const qt = Z.litElementPolyfillSupport;
qt?.({ LitElement: x });
(Z.litElementVersions ??= []).push("4.2.2");
const Kt = { attribute: !0, type: String, converter: j, reflect: !1, hasChanged: q }, Gt = (i = Kt, t, e) => {
  const { kind: r, metadata: s } = e;
  let o = globalThis.litPropertyMetadata.get(s);
  if (o === void 0 && globalThis.litPropertyMetadata.set(s, o = /* @__PURE__ */ new Map()), r === "setter" && ((i = Object.create(i)).wrapped = !0), o.set(e.name, i), r === "accessor") {
    const { name: n } = e;
    return { set(l) {
      const a = t.get.call(this);
      t.set.call(this, l), this.requestUpdate(n, a, i, !0, l);
    }, init(l) {
      return l !== void 0 && this.C(n, void 0, i, l), l;
    } };
  }
  if (r === "setter") {
    const { name: n } = e;
    return function(l) {
      const a = this[n];
      t.call(this, l), this.requestUpdate(n, a, i, !0, l);
    };
  }
  throw Error("Unsupported decorator location: " + r);
};
function Y(i) {
  return (t, e) => typeof e == "object" ? Gt(i, t, e) : ((r, s, o) => {
    const n = s.hasOwnProperty(o);
    return s.constructor.createProperty(o, r), n ? Object.getOwnPropertyDescriptor(s, o) : void 0;
  })(i, t, e);
}
function f(i) {
  return Y({ ...i, state: !0, attribute: !1 });
}
function vt(i, t) {
  const e = () => {
    window.customElements.get(i) || window.customElements.define(i, t);
  };
  document.querySelector("home-assistant") && !window.customElements.get("home-assistant") ? window.customElements.whenDefined("home-assistant").then(e) : e();
}
function Zt(i) {
  const t = new Map(i.map((n, l) => [n.step_id, l])), e = /* @__PURE__ */ new Map(), r = /* @__PURE__ */ new Map();
  for (const n of i) {
    const l = n.depends_on.filter(
      (a) => t.has(a) && a !== n.step_id
    );
    e.set(n.step_id, l.length);
    for (const a of l)
      r.set(a, [...r.get(a) ?? [], n.step_id]);
  }
  const s = i.filter((n) => e.get(n.step_id) === 0), o = [];
  for (; s.length > 0; ) {
    s.sort(
      (l, a) => t.get(l.step_id) - t.get(a.step_id)
    );
    const n = s.shift();
    o.push(n);
    for (const l of r.get(n.step_id) ?? []) {
      const a = e.get(l) - 1;
      e.set(l, a), a === 0 && s.push(i[t.get(l)]);
    }
  }
  if (o.length < i.length) {
    const n = new Set(o);
    o.push(...i.filter((l) => !n.has(l)));
  }
  return o;
}
const bt = {
  title: "Plans",
  "section.pending_approval": "Waiting for approval",
  "section.scheduled": "Scheduled",
  "section.running": "Running",
  "section.recent": "Recent",
  empty: "No plans yet.",
  "status.preview": "Preview",
  "status.pending_approval": "Waiting for approval",
  "status.scheduled": "Scheduled",
  "status.running": "Running",
  "status.completed": "Completed",
  "status.failed": "Failed",
  "status.rejected": "Rejected",
  "status.cancelled": "Cancelled",
  "status.expired": "Expired",
  "status.infeasible": "Not possible",
  "status.superseded": "Replaced",
  "button.approve": "Approve",
  "button.reject": "Reject",
  "button.cancel": "Cancel",
  "button.preview": "Preview",
  "button.create": "Do it",
  "button.discard": "Discard",
  "button.details": "Details",
  "button.hide": "Hide",
  "preview.heading": "What will happen?",
  "preview.placeholder": "e.g. run the dishwasher when power is cheapest before 7am",
  "preview.strategy": "Optimise for",
  "preview.note": "Preview only: nothing has been run.",
  "strategy.default": "Default",
  "strategy.balanced": "Balanced",
  "strategy.privacy_first": "Privacy",
  "strategy.cost": "Cost",
  "strategy.latency": "Speed",
  "strategy.comfort": "Comfort",
  "plan.steps": "Steps",
  "plan.at": "at {time}",
  "plan.after": "after {steps}",
  "plan.local": "local",
  "plan.cloud": "cloud",
  "plan.fallbacks": "If it fails",
  "plan.guardrails": "Checks first",
  "plan.explanation": "Why this plan",
  "plan.privacy": "Privacy",
  "plan.consent": "Consent",
  "plan.cost": "Cost",
  "plan.scores": "Scores",
  "plan.estimated_cost": "Estimated cost",
  "plan.privacy_score": "Kept local",
  "plan.alternatives": "Alternatives",
  "plan.unresolved": "Open points",
  "plan.no_steps": "Nothing to do.",
  "plan.error": "Error",
  "score.privacy": "Privacy",
  "score.cost": "Cost",
  "score.latency": "Speed",
  "score.comfort": "Comfort",
  "score.total": "Total",
  "editor.title": "Title",
  "editor.show_preview": "Show the “What will happen?” box",
  "editor.show_recent": "Show recent plans",
  "editor.recent_limit": "Number of recent plans",
  "error.generic": "Something went wrong: {message}"
}, Yt = {
  title: "Pläne",
  "section.pending_approval": "Warten auf Freigabe",
  "section.scheduled": "Geplant",
  "section.running": "Läuft",
  "section.recent": "Zuletzt",
  empty: "Noch keine Pläne.",
  "status.preview": "Vorschau",
  "status.pending_approval": "Wartet auf Freigabe",
  "status.scheduled": "Geplant",
  "status.running": "Läuft",
  "status.completed": "Erledigt",
  "status.failed": "Fehlgeschlagen",
  "status.rejected": "Abgelehnt",
  "status.cancelled": "Abgebrochen",
  "status.expired": "Abgelaufen",
  "status.infeasible": "Nicht möglich",
  "status.superseded": "Ersetzt",
  "button.approve": "Freigeben",
  "button.reject": "Ablehnen",
  "button.cancel": "Abbrechen",
  "button.preview": "Vorschau",
  "button.create": "Ausführen",
  "button.discard": "Verwerfen",
  "button.details": "Details",
  "button.hide": "Ausblenden",
  "preview.heading": "Was wird passieren?",
  "preview.placeholder": "z. B. Spülmaschine vor 7 Uhr laufen lassen, wenn Strom am günstigsten ist",
  "preview.strategy": "Optimieren für",
  "preview.note": "Nur eine Vorschau: Es wurde nichts ausgeführt.",
  "strategy.default": "Standard",
  "strategy.balanced": "Ausgewogen",
  "strategy.privacy_first": "Privatsphäre",
  "strategy.cost": "Kosten",
  "strategy.latency": "Geschwindigkeit",
  "strategy.comfort": "Komfort",
  "plan.steps": "Schritte",
  "plan.at": "um {time}",
  "plan.after": "nach {steps}",
  "plan.local": "lokal",
  "plan.cloud": "Cloud",
  "plan.fallbacks": "Falls es scheitert",
  "plan.guardrails": "Vorher geprüft",
  "plan.explanation": "Warum dieser Plan",
  "plan.privacy": "Privatsphäre",
  "plan.consent": "Einwilligung",
  "plan.cost": "Kosten",
  "plan.scores": "Bewertung",
  "plan.estimated_cost": "Geschätzte Kosten",
  "plan.privacy_score": "Lokal ausgeführt",
  "plan.alternatives": "Alternativen",
  "plan.unresolved": "Offene Punkte",
  "plan.no_steps": "Nichts zu tun.",
  "plan.error": "Fehler",
  "score.privacy": "Privatsphäre",
  "score.cost": "Kosten",
  "score.latency": "Geschwindigkeit",
  "score.comfort": "Komfort",
  "score.total": "Gesamt",
  "editor.title": "Titel",
  "editor.show_preview": "Feld „Was wird passieren?“ anzeigen",
  "editor.show_recent": "Letzte Pläne anzeigen",
  "editor.recent_limit": "Anzahl letzter Pläne",
  "error.generic": "Etwas ist schiefgegangen: {message}"
}, Jt = { en: bt, de: Yt };
function yt(i, t, e = {}) {
  const r = (i ?? "en").toLowerCase().split("-")[0];
  return (Jt[r] ?? bt)[t].replace(
    /\{(\w+)\}/g,
    (o, n) => n in e ? e[n] : o
  );
}
var Qt = Object.defineProperty, wt = (i, t, e, r) => {
  for (var s = void 0, o = i.length - 1, n; o >= 0; o--)
    (n = i[o]) && (s = n(t, e, s) || s);
  return s && Qt(t, e, s), s;
};
const At = "orchestration-plan-card-editor", Xt = [
  { name: "title", selector: { text: {} } },
  { name: "show_preview", selector: { boolean: {} } },
  { name: "show_recent", selector: { boolean: {} } },
  {
    name: "recent_limit",
    selector: { number: { min: 1, max: 50, mode: "box" } }
  }
];
class J extends x {
  constructor() {
    super(...arguments), this._label = (t) => yt(this.hass?.language, `editor.${t.name}`);
  }
  /** Called by the dashboard with the card's current configuration. */
  setConfig(t) {
    this._config = t;
  }
  render() {
    return this._config ? h`<ha-form
      .hass=${this.hass}
      .data=${this._config}
      .schema=${Xt}
      .computeLabel=${this._label}
      @value-changed=${this._valueChanged}
    ></ha-form>` : c;
  }
  _valueChanged(t) {
    t.stopPropagation();
    const e = { ...this._config, ...t.detail.value };
    this._config = e, this.dispatchEvent(
      new CustomEvent("config-changed", {
        detail: { config: e },
        bubbles: !0,
        composed: !0
      })
    );
  }
}
wt([
  Y({ attribute: !1 })
], J.prototype, "hass");
wt([
  f()
], J.prototype, "_config");
vt(At, J);
function ht(i, t) {
  if (!i)
    return "";
  const e = new Date(i);
  if (Number.isNaN(e.getTime()))
    return i;
  const r = {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit"
  }, s = t.locale?.language ?? t.language;
  try {
    return e.toLocaleString(s, {
      ...r,
      timeZone: t.config?.time_zone
    });
  } catch {
    return e.toLocaleString(void 0, r);
  }
}
function W(i) {
  return i.toFixed(2);
}
function N(i) {
  return `${Math.round(i * 100)}%`;
}
function dt(i) {
  if (i.description)
    return i.description;
  const t = Object.values(i.target ?? {}).flat(), e = i.action ?? i.kind;
  return t.length > 0 ? `${e} → ${t.join(", ")}` : e;
}
function pt(i) {
  return i && typeof i == "object" && "message" in i ? String(i.message) : String(i);
}
var te = Object.defineProperty, $ = (i, t, e, r) => {
  for (var s = void 0, o = i.length - 1, n; o >= 0; o--)
    (n = i[o]) && (s = n(t, e, s) || s);
  return s && te(t, e, s), s;
};
const B = "orchestration-plan-card", U = ["pending_approval", "scheduled", "running"], ee = ["balanced", "privacy_first", "cost", "latency", "comfort"], se = [
  "privacy",
  "cost",
  "latency",
  "comfort",
  "total"
], ut = { show_preview: !0, show_recent: !0, recent_limit: 5 }, re = 3e4, Q = class Q extends x {
  constructor() {
    super(...arguments), this._plans = /* @__PURE__ */ new Map(), this._toggled = /* @__PURE__ */ new Set(), this._intent = "", this._strategy = "", this._busy = !1, this._failedAt = -1 / 0;
  }
  static getConfigElement() {
    return document.createElement(At);
  }
  static getStubConfig() {
    return { ...ut };
  }
  /** Called by the dashboard with the card's YAML configuration. */
  setConfig(t) {
    if (!t || typeof t != "object")
      throw new Error("Invalid configuration");
    if (t.recent_limit !== void 0 && (!Number.isInteger(t.recent_limit) || t.recent_limit < 1))
      throw new Error("recent_limit must be a whole number of at least 1");
    this._config = { ...ut, ...t };
  }
  getCardSize() {
    return 3 + this._activePlans().length * 2;
  }
  getGridOptions() {
    return { columns: 12, min_columns: 6, min_rows: 3 };
  }
  connectedCallback() {
    super.connectedCallback(), this._subscribe();
  }
  disconnectedCallback() {
    super.disconnectedCallback(), this._unsubscribe();
  }
  /** Every state change in the home sets `hass`; only a new language changes the card. */
  shouldUpdate(t) {
    return t.has("hass") && this._subscribe(), t.size !== 1 || !t.has("hass") ? !0 : t.get("hass")?.language !== this.hass?.language;
  }
  _subscribe() {
    if (this._subscription || !this.hass || !this.isConnected || Date.now() - this._failedAt < re)
      return;
    const t = this.hass.connection.subscribeMessage(
      (e) => this._onEvent(e),
      { type: "orchestration/plans/subscribe" }
    );
    this._subscription = t, t.catch((e) => {
      this._subscription === t && (this._subscription = void 0), this._failedAt = Date.now(), this._error = this._t("error.generic", { message: pt(e) });
    });
  }
  async _unsubscribe() {
    const t = this._subscription;
    if (this._subscription = void 0, !!t)
      try {
        await (await t)();
      } catch {
      }
  }
  _onEvent(t) {
    t.type === "plans" ? (this._error = void 0, this._plans = new Map(
      t.plans.filter((e) => e.status !== "preview").map((e) => [e.plan_id, e])
    )) : t.plan.status !== "preview" && this._merge(t.plan);
  }
  _merge(t) {
    const e = new Map(this._plans);
    e.set(t.plan_id, t), this._plans = e;
  }
  _t(t, e) {
    return yt(this.hass?.language, t, e);
  }
  _sortedPlans() {
    return [...this._plans.values()].sort(
      (t, e) => e.created.localeCompare(t.created)
    );
  }
  _activePlans() {
    return this._sortedPlans().filter((t) => U.includes(t.status));
  }
  async _call(t) {
    this._busy = !0, this._error = void 0;
    try {
      return await this.hass.callWS(t);
    } catch (e) {
      this._error = this._t("error.generic", { message: pt(e) });
      return;
    } finally {
      this._busy = !1;
    }
  }
  async _act(t, e) {
    const r = await this._call({
      type: `orchestration/plans/${e}`,
      plan_id: t.plan_id
    });
    r && this._merge(r);
  }
  _intentRequest(t) {
    const e = {
      type: t,
      intent: this._intent.trim(),
      language: this.hass.language
    };
    return this._strategy && (e.strategy = this._strategy), e;
  }
  async _runPreview(t) {
    if (t.preventDefault(), !this._intent.trim())
      return;
    const e = await this._call(
      this._intentRequest("orchestration/plans/preview")
    );
    e && (this._preview = e);
  }
  async _createFromPreview() {
    const t = await this._call(
      this._intentRequest("orchestration/plans/create")
    );
    t && (this._preview = void 0, this._intent = "", this._merge(t));
  }
  _discardPreview() {
    this._preview = void 0;
  }
  _toggle(t) {
    const e = new Set(this._toggled);
    e.delete(t) || e.add(t), this._toggled = e;
  }
  render() {
    if (!this._config || !this.hass)
      return c;
    const t = this._sortedPlans(), e = U.map(
      (s) => [s, t.filter((o) => o.status === s)]
    ).filter(([, s]) => s.length > 0), r = this._config.show_recent ? t.filter((s) => !U.includes(s.status)).slice(0, this._config.recent_limit) : [];
    return h`<ha-card>
      <div class="card-header">${this._config.title ?? this._t("title")}</div>
      <div class="card-content">
        ${this._error ? h`<div class="error" role="alert">${this._error}</div>` : c}
        ${this._config.show_preview ? this._renderPreviewBox() : c}
        ${e.map(
      ([s, o]) => h`<section data-section=${s}>
              <h3>${this._t(`section.${s}`)}</h3>
              ${o.map((n) => this._renderPlan(n, !0))}
            </section>`
    )}
        ${r.length > 0 ? h`<section data-section="recent">
              <h3>${this._t("section.recent")}</h3>
              ${r.map((s) => this._renderPlan(s, !1))}
            </section>` : c}
        ${e.length === 0 && r.length === 0 ? h`<p class="empty">${this._t("empty")}</p>` : c}
      </div>
    </ha-card>`;
  }
  _renderPreviewBox() {
    const t = this._preview;
    return h`<form class="preview" @submit=${this._runPreview}>
      <label for="intent">${this._t("preview.heading")}</label>
      <div class="row">
        <input
          id="intent"
          name="intent"
          type="text"
          autocomplete="off"
          .value=${this._intent}
          placeholder=${this._t("preview.placeholder")}
          @input=${(e) => {
      this._intent = e.target.value;
    }}
        />
        <select
          name="strategy"
          aria-label=${this._t("preview.strategy")}
          title=${this._t("preview.strategy")}
          @change=${(e) => {
      this._strategy = e.target.value;
    }}
        >
          <option value="" ?selected=${!this._strategy}>
            ${this._t("strategy.default")}
          </option>
          ${ee.map(
      (e) => h`<option value=${e} ?selected=${this._strategy === e}>
                ${this._t(`strategy.${e}`)}
              </option>`
    )}
        </select>
        <button
          type="submit"
          class="primary"
          data-action="preview"
          ?disabled=${this._busy || !this._intent.trim()}
        >
          ${this._t("button.preview")}
        </button>
      </div>
      ${t ? h`<div class="preview-result" data-plan-id=${t.plan_id}>
            <p class="note">${this._t("preview.note")}</p>
            ${this._renderHeader(t)} ${this._renderDetails(t)}
            <div class="actions">
              <button
                type="button"
                class="primary"
                data-action="create"
                ?disabled=${this._busy}
                @click=${this._createFromPreview}
              >
                ${this._t("button.create")}
              </button>
              <button
                type="button"
                data-action="discard"
                @click=${this._discardPreview}
              >
                ${this._t("button.discard")}
              </button>
            </div>
          </div>` : c}
    </form>`;
  }
  _renderHeader(t) {
    return h`<div class="plan-header">
        <span class="intent">${t.task_spec.intent}</span>
        <span class="status status-${t.status}"
          >${this._t(`status.${t.status}`)}</span
        >
      </div>
      <div class="meta">
        ${ht(t.created, this.hass)} ·
        ${this._t(`strategy.${t.plan.strategy}`)} ·
        ${this._t("plan.estimated_cost")} ${W(t.plan.estimated_cost)}
        · ${this._t("plan.privacy_score")} ${N(t.plan.privacy_score)}
      </div>
      ${t.explanation.summary ? h`<p class="summary">${t.explanation.summary}</p>` : c}
      ${t.error ? h`<p class="plan-error">${this._t("plan.error")}: ${t.error}</p>` : c}`;
  }
  _renderPlan(t, e) {
    const r = e !== this._toggled.has(t.plan_id), s = t.status === "pending_approval" && t.can_approve, o = U.includes(t.status) && t.can_cancel;
    return h`<article
      class="plan"
      data-plan-id=${t.plan_id}
      data-status=${t.status}
    >
      ${this._renderHeader(t)} ${r ? this._renderDetails(t) : c}
      <div class="actions">
        <button
          type="button"
          class="link"
          data-action="toggle"
          aria-expanded=${r ? "true" : "false"}
          @click=${() => this._toggle(t.plan_id)}
        >
          ${this._t(r ? "button.hide" : "button.details")}
        </button>
        <span class="spacer"></span>
        ${s ? h`<button
                type="button"
                class="approve"
                data-action="approve"
                ?disabled=${this._busy}
                @click=${() => this._act(t, "approve")}
              >
                ${this._t("button.approve")}
              </button>
              <button
                type="button"
                class="danger"
                data-action="reject"
                ?disabled=${this._busy}
                @click=${() => this._act(t, "reject")}
              >
                ${this._t("button.reject")}
              </button>` : c}
        ${o ? h`<button
              type="button"
              class="danger"
              data-action="cancel"
              ?disabled=${this._busy}
              @click=${() => this._act(t, "cancel")}
            >
              ${this._t("button.cancel")}
            </button>` : c}
      </div>
    </article>`;
  }
  _renderDetails(t) {
    const e = Zt(t.plan.steps), r = new Map(e.map((n, l) => [n.step_id, l + 1])), { explanation: s, task_spec: o } = t;
    return h`<div class="details">
      <h4>${this._t("plan.steps")}</h4>
      ${e.length === 0 ? h`<p class="muted">${this._t("plan.no_steps")}</p>` : h`<ol class="steps">
            ${e.map((n) => this._renderStep(n, r))}
          </ol>`}
      ${o.unresolved.length > 0 ? h`<p class="unresolved">
            ${this._t("plan.unresolved")}: ${o.unresolved.join(" ")}
          </p>` : c}
      <h4>${this._t("plan.explanation")}</h4>
      <div class="explanation">
        ${s.steps.length > 0 ? h`<ul>
              ${s.steps.map((n) => h`<li>${n}</li>`)}
            </ul>` : c}
        ${s.privacy ? h`<p><b>${this._t("plan.privacy")}:</b> ${s.privacy}</p>` : c}
        ${s.consent ? h`<p><b>${this._t("plan.consent")}:</b> ${s.consent}</p>` : c}
        ${s.cost ? h`<p><b>${this._t("plan.cost")}:</b> ${s.cost}</p>` : c}
        ${s.guardrails.length > 0 ? h`<p><b>${this._t("plan.guardrails")}:</b></p>
              <ul class="guardrail-list">
                ${s.guardrails.map((n) => h`<li>${n}</li>`)}
              </ul>` : c}
      </div>
      <h4>${this._t("plan.scores")}</h4>
      <div class="scores">
        ${se.map(
      (n) => h`<div class="score" data-score=${n}>
              <span class="score-name">${this._t(`score.${n}`)}</span>
              <span class="bar"
                ><span
                  style="width: ${N(
        Math.min(1, Math.max(0, t.plan.scores[n]))
      )}"
                ></span
              ></span>
              <span class="score-value">${N(t.plan.scores[n])}</span>
            </div>`
    )}
      </div>
      ${t.alternatives.length > 0 ? h`<h4>${this._t("plan.alternatives")}</h4>
            <ul class="alternatives">
              ${t.alternatives.map(
      (n) => h`<li data-strategy=${n.strategy}>
                    <b>${this._t(`strategy.${n.strategy}`)}</b>
                    · ${N(n.scores.total)} ·
                    ${W(n.estimated_cost)}
                    ${n.summary ? h`<div class="muted">${n.summary}</div>` : c}
                  </li>`
    )}
            </ul>` : c}
    </div>`;
  }
  _renderStep(t, e) {
    const r = t.depends_on.map((s) => e.get(s)).filter((s) => s !== void 0).map((s) => `#${s}`);
    return h`<li class="step" data-step-id=${t.step_id}>
      <span class="step-text">${dt(t)}</span>
      <span class="badges">
        ${t.not_before ? h`<span class="badge time"
              >${this._t("plan.at", { time: ht(t.not_before, this.hass) })}</span
            >` : c}
        ${r.length > 0 ? h`<span class="badge"
              >${this._t("plan.after", { steps: r.join(", ") })}</span
            >` : c}
        <span class="badge ${t.local ? "local" : "cloud"}"
          >${this._t(t.local ? "plan.local" : "plan.cloud")}</span
        >
        ${t.estimated_cost > 0 ? h`<span class="badge">${W(t.estimated_cost)}</span>` : c}
      </span>
      ${t.guardrails.length > 0 ? h`<div class="guardrails">
            ${this._t("plan.guardrails")}: ${t.guardrails.join("; ")}
          </div>` : c}
      ${t.fallbacks.length > 0 ? h`<div class="fallbacks">
            ${this._t("plan.fallbacks")}:
            ${t.fallbacks.map(dt).join(" → ")}
          </div>` : c}
    </li>`;
  }
};
Q.styles = Et`
    :host {
      display: block;
    }
    .card-header {
      color: var(--ha-card-header-color, var(--primary-text-color));
      font-family: var(--ha-card-header-font-family, inherit);
      font-size: var(--ha-card-header-font-size, 24px);
      letter-spacing: -0.012em;
      line-height: 48px;
      padding: 12px 16px 4px;
    }
    .card-content {
      padding: 0 16px 16px;
      color: var(--primary-text-color);
    }
    h3 {
      margin: 16px 0 8px;
      font-size: 1em;
      font-weight: 500;
      color: var(--secondary-text-color);
      text-transform: uppercase;
      letter-spacing: 0.05em;
    }
    h4 {
      margin: 12px 0 4px;
      font-size: 0.9em;
      font-weight: 500;
    }
    .error,
    .plan-error {
      color: var(--error-color, #db4437);
    }
    .error {
      border: 1px solid var(--error-color, #db4437);
      border-radius: 8px;
      padding: 8px;
      margin-bottom: 8px;
    }
    .preview label {
      display: block;
      font-weight: 500;
      margin-bottom: 6px;
    }
    .row {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
    input,
    select {
      font: inherit;
      color: var(--primary-text-color);
      background: var(--input-fill-color, var(--secondary-background-color));
      border: 1px solid var(--divider-color);
      border-radius: 8px;
      padding: 8px;
    }
    input {
      flex: 1 1 16em;
      min-width: 0;
    }
    button {
      font: inherit;
      font-weight: 500;
      cursor: pointer;
      border-radius: 18px;
      padding: 6px 14px;
      border: 1px solid var(--divider-color);
      background: none;
      color: var(--primary-color);
    }
    button[disabled] {
      opacity: 0.5;
      cursor: default;
    }
    button.primary {
      background: var(--primary-color);
      border-color: var(--primary-color);
      color: var(--text-primary-color, #fff);
    }
    button.approve {
      background: var(--success-color, #43a047);
      border-color: var(--success-color, #43a047);
      color: var(--text-primary-color, #fff);
    }
    button.danger {
      color: var(--error-color, #db4437);
      border-color: var(--error-color, #db4437);
    }
    button.link {
      border: none;
      padding: 6px 0;
    }
    .preview-result,
    .plan {
      border: 1px solid var(--divider-color);
      border-radius: var(--ha-card-border-radius, 12px);
      padding: 12px;
      margin-top: 8px;
    }
    .preview-result {
      background: var(--secondary-background-color);
    }
    .note,
    .muted,
    .meta {
      color: var(--secondary-text-color);
      font-size: 0.9em;
    }
    .note {
      margin: 0 0 8px;
      font-style: italic;
    }
    .plan-header {
      display: flex;
      justify-content: space-between;
      gap: 8px;
      align-items: baseline;
    }
    .intent {
      font-weight: 500;
    }
    .status {
      white-space: nowrap;
      font-size: 0.8em;
      border-radius: 10px;
      padding: 2px 8px;
      background: var(--secondary-background-color);
      color: var(--secondary-text-color);
    }
    .status-pending_approval {
      background: var(--warning-color, #ffa600);
      color: var(--text-primary-color, #fff);
    }
    .status-running,
    .status-scheduled {
      background: var(--info-color, #039be5);
      color: var(--text-primary-color, #fff);
    }
    .status-completed {
      background: var(--success-color, #43a047);
      color: var(--text-primary-color, #fff);
    }
    .status-failed,
    .status-rejected,
    .status-infeasible {
      background: var(--error-color, #db4437);
      color: var(--text-primary-color, #fff);
    }
    .summary {
      margin: 6px 0;
    }
    .steps {
      margin: 0;
      padding-left: 1.5em;
    }
    .step {
      margin: 4px 0;
    }
    .badges {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 4px;
      margin-left: 4px;
    }
    .badge {
      font-size: 0.75em;
      border-radius: 8px;
      padding: 1px 6px;
      border: 1px solid var(--divider-color);
      color: var(--secondary-text-color);
    }
    .badge.local {
      color: var(--success-color, #43a047);
      border-color: var(--success-color, #43a047);
    }
    .badge.cloud {
      color: var(--warning-color, #ffa600);
      border-color: var(--warning-color, #ffa600);
    }
    .guardrails,
    .fallbacks,
    .unresolved {
      font-size: 0.85em;
      color: var(--secondary-text-color);
    }
    .explanation p,
    .explanation ul {
      margin: 4px 0;
    }
    .scores {
      display: grid;
      grid-template-columns: max-content 1fr max-content;
      gap: 2px 8px;
      align-items: center;
      font-size: 0.85em;
    }
    .score {
      display: contents;
    }
    .bar {
      height: 6px;
      border-radius: 3px;
      background: var(--divider-color);
      overflow: hidden;
    }
    .bar > span {
      display: block;
      height: 100%;
      background: var(--primary-color);
    }
    .alternatives {
      margin: 0;
      padding-left: 1.2em;
    }
    .actions {
      display: flex;
      gap: 8px;
      align-items: center;
      margin-top: 8px;
    }
    .spacer {
      flex: 1;
    }
    .empty {
      color: var(--secondary-text-color);
    }
  `;
let _ = Q;
$([
  Y({ attribute: !1 })
], _.prototype, "hass");
$([
  f()
], _.prototype, "_config");
$([
  f()
], _.prototype, "_plans");
$([
  f()
], _.prototype, "_toggled");
$([
  f()
], _.prototype, "_intent");
$([
  f()
], _.prototype, "_strategy");
$([
  f()
], _.prototype, "_preview");
$([
  f()
], _.prototype, "_busy");
$([
  f()
], _.prototype, "_error");
vt(B, _);
window.customCards = window.customCards ?? [];
window.customCards.some((i) => i.type === B) || window.customCards.push({
  type: B,
  name: "Orchestration plans",
  description: "Preview what an intent will do, approve plans and watch them run.",
  preview: !0
});
export {
  B as CARD_TYPE,
  _ as OrchestrationPlanCard
};
