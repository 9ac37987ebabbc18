const H = globalThis, V = H.ShadowRoot && (H.ShadyCSS === void 0 || H.ShadyCSS.nativeShadow) && "adoptedStyleSheets" in Document.prototype && "replace" in CSSStyleSheet.prototype, G = /* @__PURE__ */ Symbol(), it = /* @__PURE__ */ new WeakMap();
let wt = class {
  constructor(t, e, s) {
    if (this._$cssResult$ = !0, s !== G) throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");
    this.cssText = t, this.t = e;
  }
  get styleSheet() {
    let t = this.o;
    const e = this.t;
    if (V && t === void 0) {
      const s = e !== void 0 && e.length === 1;
      s && (t = it.get(e)), t === void 0 && ((this.o = t = new CSSStyleSheet()).replaceSync(this.cssText), s && it.set(e, t));
    }
    return t;
  }
  toString() {
    return this.cssText;
  }
};
const Rt = (i) => new wt(typeof i == "string" ? i : i + "", void 0, G), Dt = (i, ...t) => {
  const e = i.length === 1 ? i[0] : t.reduce((s, r, n) => s + ((o) => {
    if (o._$cssResult$ === !0) return o.cssText;
    if (typeof o == "number") return o;
    throw Error("Value passed to 'css' function must be a 'css' function result: " + o + ". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.");
  })(r) + i[n + 1], i[0]);
  return new wt(e, i, G);
}, Mt = (i, t) => {
  if (V) i.adoptedStyleSheets = t.map((e) => e instanceof CSSStyleSheet ? e : e.styleSheet);
  else for (const e of t) {
    const s = document.createElement("style"), r = H.litNonce;
    r !== void 0 && s.setAttribute("nonce", r), s.textContent = e.cssText, i.appendChild(s);
  }
}, rt = V ? (i) => i : (i) => i instanceof CSSStyleSheet ? ((t) => {
  let e = "";
  for (const s of t.cssRules) e += s.cssText;
  return Rt(e);
})(i) : i;
const { is: zt, defineProperty: Ut, getOwnPropertyDescriptor: Ht, getOwnPropertyNames: jt, getOwnPropertySymbols: Wt, getPrototypeOf: Lt } = Object, L = globalThis, nt = L.trustedTypes, It = nt ? nt.emptyScript : "", Bt = L.reactiveElementPolyfillSupport, C = (i, t) => i, j = { toAttribute(i, t) {
  switch (t) {
    case Boolean:
      i = i ? It : null;
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
} }, K = (i, t) => !zt(i, t), ot = { attribute: !0, type: String, converter: j, reflect: !1, useDefault: !1, hasChanged: K };
Symbol.metadata ??= /* @__PURE__ */ Symbol("metadata"), L.litPropertyMetadata ??= /* @__PURE__ */ new WeakMap();
let A = class extends HTMLElement {
  static addInitializer(t) {
    this._$Ei(), (this.l ??= []).push(t);
  }
  static get observedAttributes() {
    return this.finalize(), this._$Eh && [...this._$Eh.keys()];
  }
  static createProperty(t, e = ot) {
    if (e.state && (e.attribute = !1), this._$Ei(), this.prototype.hasOwnProperty(t) && ((e = Object.create(e)).wrapped = !0), this.elementProperties.set(t, e), !e.noAccessor) {
      const s = /* @__PURE__ */ Symbol(), r = this.getPropertyDescriptor(t, s, e);
      r !== void 0 && Ut(this.prototype, t, r);
    }
  }
  static getPropertyDescriptor(t, e, s) {
    const { get: r, set: n } = Ht(this.prototype, t) ?? { get() {
      return this[e];
    }, set(o) {
      this[e] = o;
    } };
    return { get: r, set(o) {
      const c = r?.call(this);
      n?.call(this, o), this.requestUpdate(t, c, s);
    }, configurable: !0, enumerable: !0 };
  }
  static getPropertyOptions(t) {
    return this.elementProperties.get(t) ?? ot;
  }
  static _$Ei() {
    if (this.hasOwnProperty(C("elementProperties"))) return;
    const t = Lt(this);
    t.finalize(), t.l !== void 0 && (this.l = [...t.l]), this.elementProperties = new Map(t.elementProperties);
  }
  static finalize() {
    if (this.hasOwnProperty(C("finalized"))) return;
    if (this.finalized = !0, this._$Ei(), this.hasOwnProperty(C("properties"))) {
      const e = this.properties, s = [...jt(e), ...Wt(e)];
      for (const r of s) this.createProperty(r, e[r]);
    }
    const t = this[Symbol.metadata];
    if (t !== null) {
      const e = litPropertyMetadata.get(t);
      if (e !== void 0) for (const [s, r] of e) this.elementProperties.set(s, r);
    }
    this._$Eh = /* @__PURE__ */ new Map();
    for (const [e, s] of this.elementProperties) {
      const r = this._$Eu(e, s);
      r !== void 0 && this._$Eh.set(r, e);
    }
    this.elementStyles = this.finalizeStyles(this.styles);
  }
  static finalizeStyles(t) {
    const e = [];
    if (Array.isArray(t)) {
      const s = new Set(t.flat(1 / 0).reverse());
      for (const r of s) e.unshift(rt(r));
    } else t !== void 0 && e.push(rt(t));
    return e;
  }
  static _$Eu(t, e) {
    const s = e.attribute;
    return s === !1 ? void 0 : typeof s == "string" ? s : typeof t == "string" ? t.toLowerCase() : void 0;
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
    for (const s of e.keys()) this.hasOwnProperty(s) && (t.set(s, this[s]), delete this[s]);
    t.size > 0 && (this._$Ep = t);
  }
  createRenderRoot() {
    const t = this.shadowRoot ?? this.attachShadow(this.constructor.shadowRootOptions);
    return Mt(t, this.constructor.elementStyles), t;
  }
  connectedCallback() {
    this.renderRoot ??= this.createRenderRoot(), this.enableUpdating(!0), this._$EO?.forEach((t) => t.hostConnected?.());
  }
  enableUpdating(t) {
  }
  disconnectedCallback() {
    this._$EO?.forEach((t) => t.hostDisconnected?.());
  }
  attributeChangedCallback(t, e, s) {
    this._$AK(t, s);
  }
  _$ET(t, e) {
    const s = this.constructor.elementProperties.get(t), r = this.constructor._$Eu(t, s);
    if (r !== void 0 && s.reflect === !0) {
      const n = (s.converter?.toAttribute !== void 0 ? s.converter : j).toAttribute(e, s.type);
      this._$Em = t, n == null ? this.removeAttribute(r) : this.setAttribute(r, n), this._$Em = null;
    }
  }
  _$AK(t, e) {
    const s = this.constructor, r = s._$Eh.get(t);
    if (r !== void 0 && this._$Em !== r) {
      const n = s.getPropertyOptions(r), o = typeof n.converter == "function" ? { fromAttribute: n.converter } : n.converter?.fromAttribute !== void 0 ? n.converter : j;
      this._$Em = r;
      const c = o.fromAttribute(e, n.type);
      this[r] = c ?? this._$Ej?.get(r) ?? c, this._$Em = null;
    }
  }
  requestUpdate(t, e, s, r = !1, n) {
    if (t !== void 0) {
      const o = this.constructor;
      if (r === !1 && (n = this[t]), s ??= o.getPropertyOptions(t), !((s.hasChanged ?? K)(n, e) || s.useDefault && s.reflect && n === this._$Ej?.get(t) && !this.hasAttribute(o._$Eu(t, s)))) return;
      this.C(t, e, s);
    }
    this.isUpdatePending === !1 && (this._$ES = this._$EP());
  }
  C(t, e, { useDefault: s, reflect: r, wrapped: n }, o) {
    s && !(this._$Ej ??= /* @__PURE__ */ new Map()).has(t) && (this._$Ej.set(t, o ?? e ?? this[t]), n !== !0 || o !== void 0) || (this._$AL.has(t) || (this.hasUpdated || s || (e = void 0), this._$AL.set(t, e)), r === !0 && this._$Em !== t && (this._$Eq ??= /* @__PURE__ */ new Set()).add(t));
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
        for (const [r, n] of this._$Ep) this[r] = n;
        this._$Ep = void 0;
      }
      const s = this.constructor.elementProperties;
      if (s.size > 0) for (const [r, n] of s) {
        const { wrapped: o } = n, c = this[r];
        o !== !0 || this._$AL.has(r) || c === void 0 || this.C(r, void 0, n, c);
      }
    }
    let t = !1;
    const e = this._$AL;
    try {
      t = this.shouldUpdate(e), t ? (this.willUpdate(e), this._$EO?.forEach((s) => s.hostUpdate?.()), this.update(e)) : this._$EM();
    } catch (s) {
      throw t = !1, this._$EM(), s;
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
A.elementStyles = [], A.shadowRootOptions = { mode: "open" }, A[C("elementProperties")] = /* @__PURE__ */ new Map(), A[C("finalized")] = /* @__PURE__ */ new Map(), Bt?.({ ReactiveElement: A }), (L.reactiveElementVersions ??= []).push("2.1.2");
const Z = globalThis, at = (i) => i, W = Z.trustedTypes, ct = W ? W.createPolicy("lit-html", { createHTML: (i) => i }) : void 0, xt = "$lit$", b = `lit$${Math.random().toFixed(9).slice(2)}$`, At = "?" + b, Ft = `<${At}>`, x = document, N = () => x.createComment(""), O = (i) => i === null || typeof i != "object" && typeof i != "function", Y = Array.isArray, qt = (i) => Y(i) || typeof i?.[Symbol.iterator] == "function", B = `[ 	
\f\r]`, P = /<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g, lt = /-->/g, dt = />/g, v = RegExp(`>|${B}(?:([^\\s"'>=/]+)(${B}*=${B}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`, "g"), pt = /'/g, ht = /"/g, St = /^(?:script|style|textarea|title)$/i, Vt = (i) => (t, ...e) => ({ _$litType$: i, strings: t, values: e }), d = Vt(1), E = /* @__PURE__ */ Symbol.for("lit-noChange"), l = /* @__PURE__ */ Symbol.for("lit-nothing"), ut = /* @__PURE__ */ new WeakMap(), y = x.createTreeWalker(x, 129);
function Et(i, t) {
  if (!Y(i) || !i.hasOwnProperty("raw")) throw Error("invalid template strings array");
  return ct !== void 0 ? ct.createHTML(t) : t;
}
const Gt = (i, t) => {
  const e = i.length - 1, s = [];
  let r, n = t === 2 ? "<svg>" : t === 3 ? "<math>" : "", o = P;
  for (let c = 0; c < e; c++) {
    const a = i[c];
    let p, u, h = -1, _ = 0;
    for (; _ < a.length && (o.lastIndex = _, u = o.exec(a), u !== null); ) _ = o.lastIndex, o === P ? u[1] === "!--" ? o = lt : u[1] !== void 0 ? o = dt : u[2] !== void 0 ? (St.test(u[2]) && (r = RegExp("</" + u[2], "g")), o = v) : u[3] !== void 0 && (o = v) : o === v ? u[0] === ">" ? (o = r ?? P, h = -1) : u[1] === void 0 ? h = -2 : (h = o.lastIndex - u[2].length, p = u[1], o = u[3] === void 0 ? v : u[3] === '"' ? ht : pt) : o === ht || o === pt ? o = v : o === lt || o === dt ? o = P : (o = v, r = void 0);
    const $ = o === v && i[c + 1].startsWith("/>") ? " " : "";
    n += o === P ? a + Ft : h >= 0 ? (s.push(p), a.slice(0, h) + xt + a.slice(h) + b + $) : a + b + (h === -2 ? c : $);
  }
  return [Et(i, n + (i[e] || "<?>") + (t === 2 ? "</svg>" : t === 3 ? "</math>" : "")), s];
};
class T {
  constructor({ strings: t, _$litType$: e }, s) {
    let r;
    this.parts = [];
    let n = 0, o = 0;
    const c = t.length - 1, a = this.parts, [p, u] = Gt(t, e);
    if (this.el = T.createElement(p, s), y.currentNode = this.el.content, e === 2 || e === 3) {
      const h = this.el.content.firstChild;
      h.replaceWith(...h.childNodes);
    }
    for (; (r = y.nextNode()) !== null && a.length < c; ) {
      if (r.nodeType === 1) {
        if (r.hasAttributes()) for (const h of r.getAttributeNames()) if (h.endsWith(xt)) {
          const _ = u[o++], $ = r.getAttribute(h).split(b), M = /([.?@])?(.*)/.exec(_);
          a.push({ type: 1, index: n, name: M[2], strings: $, ctor: M[1] === "." ? Zt : M[1] === "?" ? Yt : M[1] === "@" ? Jt : I }), r.removeAttribute(h);
        } else h.startsWith(b) && (a.push({ type: 6, index: n }), r.removeAttribute(h));
        if (St.test(r.tagName)) {
          const h = r.textContent.split(b), _ = h.length - 1;
          if (_ > 0) {
            r.textContent = W ? W.emptyScript : "";
            for (let $ = 0; $ < _; $++) r.append(h[$], N()), y.nextNode(), a.push({ type: 2, index: ++n });
            r.append(h[_], N());
          }
        }
      } else if (r.nodeType === 8) if (r.data === At) a.push({ type: 2, index: n });
      else {
        let h = -1;
        for (; (h = r.data.indexOf(b, h + 1)) !== -1; ) a.push({ type: 7, index: n }), h += b.length - 1;
      }
      n++;
    }
  }
  static createElement(t, e) {
    const s = x.createElement("template");
    return s.innerHTML = t, s;
  }
}
function k(i, t, e = i, s) {
  if (t === E) return t;
  let r = s !== void 0 ? e._$Co?.[s] : e._$Cl;
  const n = O(t) ? void 0 : t._$litDirective$;
  return r?.constructor !== n && (r?._$AO?.(!1), n === void 0 ? r = void 0 : (r = new n(i), r._$AT(i, e, s)), s !== void 0 ? (e._$Co ??= [])[s] = r : e._$Cl = r), r !== void 0 && (t = k(i, r._$AS(i, t.values), r, s)), t;
}
class Kt {
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
    const { el: { content: e }, parts: s } = this._$AD, r = (t?.creationScope ?? x).importNode(e, !0);
    y.currentNode = r;
    let n = y.nextNode(), o = 0, c = 0, a = s[0];
    for (; a !== void 0; ) {
      if (o === a.index) {
        let p;
        a.type === 2 ? p = new D(n, n.nextSibling, this, t) : a.type === 1 ? p = new a.ctor(n, a.name, a.strings, this, t) : a.type === 6 && (p = new Qt(n, this, t)), this._$AV.push(p), a = s[++c];
      }
      o !== a?.index && (n = y.nextNode(), o++);
    }
    return y.currentNode = x, r;
  }
  p(t) {
    let e = 0;
    for (const s of this._$AV) s !== void 0 && (s.strings !== void 0 ? (s._$AI(t, s, e), e += s.strings.length - 2) : s._$AI(t[e])), e++;
  }
}
class D {
  get _$AU() {
    return this._$AM?._$AU ?? this._$Cv;
  }
  constructor(t, e, s, r) {
    this.type = 2, this._$AH = l, this._$AN = void 0, this._$AA = t, this._$AB = e, this._$AM = s, this.options = r, this._$Cv = r?.isConnected ?? !0;
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
    t = k(this, t, e), O(t) ? t === l || t == null || t === "" ? (this._$AH !== l && this._$AR(), this._$AH = l) : t !== this._$AH && t !== E && this._(t) : t._$litType$ !== void 0 ? this.$(t) : t.nodeType !== void 0 ? this.T(t) : qt(t) ? this.k(t) : this._(t);
  }
  O(t) {
    return this._$AA.parentNode.insertBefore(t, this._$AB);
  }
  T(t) {
    this._$AH !== t && (this._$AR(), this._$AH = this.O(t));
  }
  _(t) {
    this._$AH !== l && O(this._$AH) ? this._$AA.nextSibling.data = t : this.T(x.createTextNode(t)), this._$AH = t;
  }
  $(t) {
    const { values: e, _$litType$: s } = t, r = typeof s == "number" ? this._$AC(t) : (s.el === void 0 && (s.el = T.createElement(Et(s.h, s.h[0]), this.options)), s);
    if (this._$AH?._$AD === r) this._$AH.p(e);
    else {
      const n = new Kt(r, this), o = n.u(this.options);
      n.p(e), this.T(o), this._$AH = n;
    }
  }
  _$AC(t) {
    let e = ut.get(t.strings);
    return e === void 0 && ut.set(t.strings, e = new T(t)), e;
  }
  k(t) {
    Y(this._$AH) || (this._$AH = [], this._$AR());
    const e = this._$AH;
    let s, r = 0;
    for (const n of t) r === e.length ? e.push(s = new D(this.O(N()), this.O(N()), this, this.options)) : s = e[r], s._$AI(n), r++;
    r < e.length && (this._$AR(s && s._$AB.nextSibling, r), e.length = r);
  }
  _$AR(t = this._$AA.nextSibling, e) {
    for (this._$AP?.(!1, !0, e); t !== this._$AB; ) {
      const s = at(t).nextSibling;
      at(t).remove(), t = s;
    }
  }
  setConnected(t) {
    this._$AM === void 0 && (this._$Cv = t, this._$AP?.(t));
  }
}
class I {
  get tagName() {
    return this.element.tagName;
  }
  get _$AU() {
    return this._$AM._$AU;
  }
  constructor(t, e, s, r, n) {
    this.type = 1, this._$AH = l, this._$AN = void 0, this.element = t, this.name = e, this._$AM = r, this.options = n, s.length > 2 || s[0] !== "" || s[1] !== "" ? (this._$AH = Array(s.length - 1).fill(new String()), this.strings = s) : this._$AH = l;
  }
  _$AI(t, e = this, s, r) {
    const n = this.strings;
    let o = !1;
    if (n === void 0) t = k(this, t, e, 0), o = !O(t) || t !== this._$AH && t !== E, o && (this._$AH = t);
    else {
      const c = t;
      let a, p;
      for (t = n[0], a = 0; a < n.length - 1; a++) p = k(this, c[s + a], e, a), p === E && (p = this._$AH[a]), o ||= !O(p) || p !== this._$AH[a], p === l ? t = l : t !== l && (t += (p ?? "") + n[a + 1]), this._$AH[a] = p;
    }
    o && !r && this.j(t);
  }
  j(t) {
    t === l ? this.element.removeAttribute(this.name) : this.element.setAttribute(this.name, t ?? "");
  }
}
class Zt extends I {
  constructor() {
    super(...arguments), this.type = 3;
  }
  j(t) {
    this.element[this.name] = t === l ? void 0 : t;
  }
}
class Yt extends I {
  constructor() {
    super(...arguments), this.type = 4;
  }
  j(t) {
    this.element.toggleAttribute(this.name, !!t && t !== l);
  }
}
class Jt extends I {
  constructor(t, e, s, r, n) {
    super(t, e, s, r, n), this.type = 5;
  }
  _$AI(t, e = this) {
    if ((t = k(this, t, e, 0) ?? l) === E) return;
    const s = this._$AH, r = t === l && s !== l || t.capture !== s.capture || t.once !== s.once || t.passive !== s.passive, n = t !== l && (s === l || r);
    r && this.element.removeEventListener(this.name, this, s), n && this.element.addEventListener(this.name, this, t), this._$AH = t;
  }
  handleEvent(t) {
    typeof this._$AH == "function" ? this._$AH.call(this.options?.host ?? this.element, t) : this._$AH.handleEvent(t);
  }
}
class Qt {
  constructor(t, e, s) {
    this.element = t, this.type = 6, this._$AN = void 0, this._$AM = e, this.options = s;
  }
  get _$AU() {
    return this._$AM._$AU;
  }
  _$AI(t) {
    k(this, t);
  }
}
const Xt = Z.litHtmlPolyfillSupport;
Xt?.(T, D), (Z.litHtmlVersions ??= []).push("3.3.3");
const te = (i, t, e) => {
  const s = e?.renderBefore ?? t;
  let r = s._$litPart$;
  if (r === void 0) {
    const n = e?.renderBefore ?? null;
    s._$litPart$ = r = new D(t.insertBefore(N(), n), n, void 0, e ?? {});
  }
  return r._$AI(i), r;
};
const J = globalThis;
class S extends A {
  constructor() {
    super(...arguments), this.renderOptions = { host: this }, this._$Do = void 0;
  }
  createRenderRoot() {
    const t = super.createRenderRoot();
    return this.renderOptions.renderBefore ??= t.firstChild, t;
  }
  update(t) {
    const e = this.render();
    this.hasUpdated || (this.renderOptions.isConnected = this.isConnected), super.update(t), this._$Do = te(e, this.renderRoot, this.renderOptions);
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
S._$litElement$ = !0, S.finalized = !0, J.litElementHydrateSupport?.({ LitElement: S });
const ee = J.litElementPolyfillSupport;
ee?.({ LitElement: S });
(J.litElementVersions ??= []).push("4.2.2");
const se = { attribute: !0, type: String, converter: j, reflect: !1, hasChanged: K }, ie = (i = se, t, e) => {
  const { kind: s, metadata: r } = e;
  let n = globalThis.litPropertyMetadata.get(r);
  if (n === void 0 && globalThis.litPropertyMetadata.set(r, n = /* @__PURE__ */ new Map()), s === "setter" && ((i = Object.create(i)).wrapped = !0), n.set(e.name, i), s === "accessor") {
    const { name: o } = e;
    return { set(c) {
      const a = t.get.call(this);
      t.set.call(this, c), this.requestUpdate(o, a, i, !0, c);
    }, init(c) {
      return c !== void 0 && this.C(o, void 0, i, c), c;
    } };
  }
  if (s === "setter") {
    const { name: o } = e;
    return function(c) {
      const a = this[o];
      t.call(this, c), this.requestUpdate(o, a, i, !0, c);
    };
  }
  throw Error("Unsupported decorator location: " + s);
};
function Q(i) {
  return (t, e) => typeof e == "object" ? ie(i, t, e) : ((s, r, n) => {
    const o = r.hasOwnProperty(n);
    return r.constructor.createProperty(n, s), o ? Object.getOwnPropertyDescriptor(r, n) : void 0;
  })(i, t, e);
}
function m(i) {
  return Q({ ...i, state: !0, attribute: !1 });
}
function kt(i, t) {
  const e = () => {
    window.customElements.get(i) || window.customElements.define(i, t);
  };
  document.querySelector("home-assistant") && !window.customElements.get("home-assistant") ? window.customElements.whenDefined("home-assistant").then(e) : e();
}
function Pt(i) {
  const t = new Map(i.map((o, c) => [o.step_id, c])), e = /* @__PURE__ */ new Map(), s = /* @__PURE__ */ new Map();
  for (const o of i) {
    const c = o.depends_on.filter(
      (a) => t.has(a) && a !== o.step_id
    );
    e.set(o.step_id, c.length);
    for (const a of c)
      s.set(a, [...s.get(a) ?? [], o.step_id]);
  }
  const r = i.filter((o) => e.get(o.step_id) === 0), n = [];
  for (; r.length > 0; ) {
    r.sort(
      (c, a) => t.get(c.step_id) - t.get(a.step_id)
    );
    const o = r.shift();
    n.push(o);
    for (const c of s.get(o.step_id) ?? []) {
      const a = e.get(c) - 1;
      e.set(c, a), a === 0 && r.push(i[t.get(c)]);
    }
  }
  if (n.length < i.length) {
    const o = new Set(n);
    n.push(...i.filter((c) => !o.has(c)));
  }
  return n;
}
const Ct = {
  title: "Plans",
  "section.pending_approval": "Waiting for approval",
  "section.scheduled": "Scheduled",
  "section.running": "Running",
  "section.recent": "Recent",
  "section.suggestions": "Suggestions",
  "suggestion.until": "On offer until {time}",
  "button.accept": "Accept",
  "button.snooze": "Snooze",
  "button.dismiss": "Dismiss",
  "progress.step": "Step {n} of {total}",
  "progress.starts": "Starts at {time}",
  "progress.next": "Next step at {time}",
  "progress.started": "Started at {time}",
  "wait.time": "Waiting until {time}",
  "wait.arrival": "Waiting for someone to come home",
  "wait.departure": "Waiting for someone to leave home",
  "wait.someone_home": "Waiting until someone is home",
  "wait.nobody_home": "Waiting until nobody is home",
  "wait.state": "Waiting for {name}",
  "wait.sunrise": "Waiting for sunrise ({time})",
  "wait.sunset": "Waiting for sunset ({time})",
  "wait.expires": "at most until {time}",
  "step.pending": "to come",
  "step.waiting": "waiting",
  "step.running": "now",
  "step.done": "done",
  "step.failed": "failed",
  "step.skipped": "skipped",
  "kind.action": "An action",
  "kind.wait": "A wait",
  "kind.condition": "A check",
  "kind.notify": "A notification",
  "guard.entity_available": "Only if its devices are available",
  "guard.local_only": "Sensitive: runs locally only",
  "guard.cloud": "Sensitive, but uses a cloud service (privacy first is off)",
  "guard.temperature_bounds": "Keeps the temperature between {low} and {high}",
  "guard.unlock_explicit": "Unlocks although nobody is home, because the request named it",
  "guard.someone_home": "Only if someone is home",
  "guard.quiet_hours": "Respects quiet hours",
  "guard.power_limit": "Keeps the home's total power under {limit}",
  "plan.no_cost": "no energy cost",
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
  "plan.guardrails": "Checks",
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
}, re = {
  title: "Pläne",
  "section.pending_approval": "Warten auf Freigabe",
  "section.scheduled": "Geplant",
  "section.running": "Läuft",
  "section.recent": "Zuletzt",
  "section.suggestions": "Vorschläge",
  "suggestion.until": "Gilt bis {time}",
  "button.accept": "Annehmen",
  "button.snooze": "Später",
  "button.dismiss": "Verwerfen",
  "progress.step": "Schritt {n} von {total}",
  "progress.starts": "Beginnt um {time}",
  "progress.next": "Nächster Schritt um {time}",
  "progress.started": "Gestartet um {time}",
  "wait.time": "Wartet bis {time}",
  "wait.arrival": "Wartet, bis jemand nach Hause kommt",
  "wait.departure": "Wartet, bis jemand das Haus verlässt",
  "wait.someone_home": "Wartet, bis jemand zu Hause ist",
  "wait.nobody_home": "Wartet, bis niemand mehr zu Hause ist",
  "wait.state": "Wartet auf {name}",
  "wait.sunrise": "Wartet auf den Sonnenaufgang ({time})",
  "wait.sunset": "Wartet auf den Sonnenuntergang ({time})",
  "wait.expires": "höchstens bis {time}",
  "step.pending": "folgt",
  "step.waiting": "wartet",
  "step.running": "läuft",
  "step.done": "erledigt",
  "step.failed": "fehlgeschlagen",
  "step.skipped": "übersprungen",
  "kind.action": "Eine Aktion",
  "kind.wait": "Eine Wartezeit",
  "kind.condition": "Eine Prüfung",
  "kind.notify": "Eine Benachrichtigung",
  "guard.entity_available": "Nur wenn seine Geräte erreichbar sind",
  "guard.local_only": "Sensibel: läuft nur lokal",
  "guard.cloud": "Sensibel, nutzt aber einen Cloud-Dienst (Privatsphäre zuerst ist aus)",
  "guard.temperature_bounds": "Hält die Temperatur zwischen {low} und {high}",
  "guard.unlock_explicit": "Schließt auf, obwohl niemand zu Hause ist, weil die Anfrage es genannt hat",
  "guard.someone_home": "Nur wenn jemand zu Hause ist",
  "guard.quiet_hours": "Beachtet die Ruhezeiten",
  "guard.power_limit": "Hält die Gesamtleistung des Zuhauses unter {limit}",
  "plan.no_cost": "keine Energiekosten",
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
  "plan.guardrails": "Prüfungen",
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
}, ne = { en: Ct, de: re };
function X(i, t, e = {}) {
  const s = (i ?? "en").toLowerCase().split("-")[0];
  return (ne[s] ?? Ct)[t].replace(
    /\{(\w+)\}/g,
    (n, o) => o in e ? e[o] : n
  );
}
var oe = Object.defineProperty, Nt = (i, t, e, s) => {
  for (var r = void 0, n = i.length - 1, o; n >= 0; n--)
    (o = i[n]) && (r = o(t, e, r) || r);
  return r && oe(t, e, r), r;
};
const Ot = "orchestration-plan-card-editor", ae = [
  { name: "title", selector: { text: {} } },
  { name: "show_preview", selector: { boolean: {} } },
  { name: "show_recent", selector: { boolean: {} } },
  {
    name: "recent_limit",
    selector: { number: { min: 1, max: 50, mode: "box" } }
  }
];
class tt extends S {
  constructor() {
    super(...arguments), this._label = (t) => X(this.hass?.language, `editor.${t.name}`);
  }
  /** Called by the dashboard with the card's current configuration. */
  setConfig(t) {
    this._config = t;
  }
  render() {
    return this._config ? d`<ha-form
      .hass=${this.hass}
      .data=${this._config}
      .schema=${ae}
      .computeLabel=${this._label}
      @value-changed=${this._valueChanged}
    ></ha-form>` : l;
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
Nt([
  Q({ attribute: !1 })
], tt.prototype, "hass");
Nt([
  m()
], tt.prototype, "_config");
kt(Ot, tt);
function et(i) {
  return i.locale?.language ?? i.language;
}
function w(i, t) {
  if (!i)
    return "";
  const e = new Date(i);
  if (Number.isNaN(e.getTime()))
    return i;
  const s = {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit"
  };
  try {
    return e.toLocaleString(et(t), {
      ...s,
      timeZone: t.config?.time_zone
    });
  } catch {
    return e.toLocaleString(void 0, s);
  }
}
function F(i, t) {
  const e = t.config?.currency;
  if (e)
    try {
      return new Intl.NumberFormat(et(t), { style: "currency", currency: e }).format(
        i
      );
    } catch {
    }
  return i.toFixed(2);
}
function gt(i, t) {
  return new Intl.NumberFormat(et(t), { maximumFractionDigits: 1 }).format(i);
}
function z(i) {
  return `${Math.round(i * 100)}%`;
}
function _t(i) {
  return i && typeof i == "object" && "message" in i ? String(i.message) : String(i);
}
function R(i) {
  return (t, e) => X(i.language, t, e);
}
function mt(i, t) {
  return i.description || t(`kind.${i.kind}`);
}
const ft = {
  entity_available: "guard.entity_available",
  "privacy:local_only": "guard.local_only",
  "privacy:cloud": "guard.cloud",
  "safety:unlock_explicit": "guard.unlock_explicit",
  "safety:someone_home": "guard.someone_home",
  quiet_hours: "guard.quiet_hours"
}, $t = "power_limit:", bt = "safety:temperature_bounds:", ce = /^(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)$/;
function le(i, t) {
  const e = R(t);
  if (i in ft)
    return e(ft[i]);
  if (i.startsWith($t)) {
    const r = Number(i.slice($t.length));
    return Number.isFinite(r) ? e("guard.power_limit", { limit: `${gt(r, t)} W` }) : void 0;
  }
  const s = i.startsWith(bt) ? ce.exec(i.slice(bt.length)) : null;
  if (s) {
    const r = t.config?.unit_system?.temperature ?? "°C", n = (o) => `${gt(Number(o), t)} ${r}`;
    return e("guard.temperature_bounds", {
      low: n(s[1]),
      high: n(s[2])
    });
  }
}
function de(i, t) {
  const e = i.guardrails.map((s) => le(s, t)).filter((s) => s !== void 0);
  return [...new Set(e)];
}
const Tt = ["done", "failed", "skipped"];
function pe(i, t) {
  const e = i.plan.steps.length;
  if (i.status !== "running" || !i.progress || e === 0)
    return;
  const s = i.progress, r = i.plan.steps.filter(
    (n) => Tt.includes(s[n.step_id]?.state ?? "pending")
  ).length;
  return t("progress.step", {
    n: String(Math.min(r + 1, e)),
    total: String(e)
  });
}
function he(i, t) {
  return t.states?.[i]?.attributes.friendly_name ?? i;
}
function ue(i, t) {
  const e = R(t), s = (n) => w(n ?? null, t);
  let r;
  switch (i.kind) {
    case "time":
      r = e("wait.time", { time: s(i.at) });
      break;
    case "sun":
      r = e(i.event === "sunset" ? "wait.sunset" : "wait.sunrise", {
        time: s(i.at)
      });
      break;
    case "state":
      r = e("wait.state", { name: he(i.entity_id ?? "", t) });
      break;
    default:
      r = e(`wait.${i.kind}`);
  }
  return i.kind !== "time" && i.expires_at && (r += ` (${e("wait.expires", { time: s(i.expires_at) })})`), r;
}
function ge(i, t) {
  const e = R(t);
  if (i.status !== "scheduled" && i.status !== "running")
    return;
  if (i.wait?.kind === "time" && i.status === "scheduled" && i.wait.at)
    return e("progress.starts", { time: w(i.wait.at, t) });
  const s = Pt(i.plan.steps), r = s.find(
    (a) => a.kind === "wait" && a.description && i.progress?.[a.step_id]?.state === "waiting"
  );
  if (r)
    return r.description;
  if (i.wait)
    return ue(i.wait, t);
  const n = i.status === "running" ? Date.now() : -1 / 0, o = s.filter(
    (a) => a.not_before !== null && Date.parse(a.not_before) > n && !Tt.includes(i.progress?.[a.step_id]?.state ?? "pending")
  ).map((a) => a.not_before).sort((a, p) => Date.parse(a) - Date.parse(p));
  if (o.length === 0)
    return i.status === "running" && i.run_started ? e("progress.started", { time: w(i.run_started, t) }) : void 0;
  const c = i.status === "scheduled" ? "progress.starts" : "progress.next";
  return e(c, { time: w(o[0], t) });
}
var _e = Object.defineProperty, f = (i, t, e, s) => {
  for (var r = void 0, n = i.length - 1, o; n >= 0; n--)
    (o = i[n]) && (r = o(t, e, r) || r);
  return r && _e(t, e, r), r;
};
const q = "orchestration-plan-card", U = ["pending_approval", "scheduled", "running"], me = "dismissed", fe = "snoozed";
function vt(i) {
  return i.task_spec.trigger_type === "insight_recommendation" && i.status === "pending_approval" && !i.recommendation?.accepted_by;
}
const $e = ["balanced", "privacy_first", "cost", "latency", "comfort"], be = [
  "privacy",
  "cost",
  "latency",
  "comfort",
  "total"
], yt = { show_preview: !0, show_recent: !0, recent_limit: 5 }, ve = 3e4, st = class st extends S {
  constructor() {
    super(...arguments), this._plans = /* @__PURE__ */ new Map(), this._toggled = /* @__PURE__ */ new Set(), this._intent = "", this._strategy = "", this._busy = !1, this._failedAt = -1 / 0;
  }
  static getConfigElement() {
    return document.createElement(Ot);
  }
  static getStubConfig() {
    return { ...yt };
  }
  /** Called by the dashboard with the card's YAML configuration. */
  setConfig(t) {
    if (!t || typeof t != "object")
      throw new Error("Invalid configuration");
    if (t.recent_limit !== void 0 && (!Number.isInteger(t.recent_limit) || t.recent_limit < 1))
      throw new Error("recent_limit must be a whole number of at least 1");
    this._config = { ...yt, ...t };
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
    if (this._subscription || !this.hass || !this.isConnected || Date.now() - this._failedAt < ve)
      return;
    const t = this.hass.connection.subscribeMessage(
      (e) => this._onEvent(e),
      { type: "orchestration/plans/subscribe" }
    );
    this._subscription = t, t.catch((e) => {
      this._subscription === t && (this._subscription = void 0), this._failedAt = Date.now(), this._error = this._t("error.generic", { message: _t(e) });
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
    return X(this.hass?.language, t, e);
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
      this._error = this._t("error.generic", { message: _t(e) });
      return;
    } finally {
      this._busy = !1;
    }
  }
  async _act(t, e, s) {
    const r = {
      type: `orchestration/plans/${e}`,
      plan_id: t.plan_id
    };
    s && (r.reason = s);
    const n = await this._call(r);
    n && this._merge(n);
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
      return l;
    const t = this._sortedPlans(), e = t.filter(vt), s = U.map(
      (n) => [
        n,
        t.filter((o) => o.status === n && !vt(o))
      ]
    ).filter(([, n]) => n.length > 0), r = this._config.show_recent ? t.filter((n) => !U.includes(n.status)).slice(0, this._config.recent_limit) : [];
    return d`<ha-card>
      <div class="card-header">${this._config.title ?? this._t("title")}</div>
      <div class="card-content">
        ${this._error ? d`<div class="error" role="alert">${this._error}</div>` : l}
        ${this._config.show_preview ? this._renderPreviewBox() : l}
        ${e.length > 0 ? d`<section data-section="suggestions">
              <h3>${this._t("section.suggestions")}</h3>
              ${e.map((n) => this._renderSuggestion(n))}
            </section>` : l}
        ${s.map(
      ([n, o]) => d`<section data-section=${n}>
              <h3>${this._t(`section.${n}`)}</h3>
              ${o.map((c) => this._renderPlan(c, !0))}
            </section>`
    )}
        ${r.length > 0 ? d`<section data-section="recent">
              <h3>${this._t("section.recent")}</h3>
              ${r.map((n) => this._renderPlan(n, !1))}
            </section>` : l}
        ${e.length === 0 && s.length === 0 && r.length === 0 ? d`<p class="empty">${this._t("empty")}</p>` : l}
      </div>
    </ha-card>`;
  }
  _renderPreviewBox() {
    const t = this._preview;
    return d`<form class="preview" @submit=${this._runPreview}>
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
          ${$e.map(
      (e) => d`<option value=${e} ?selected=${this._strategy === e}>
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
      ${t ? d`<div class="preview-result" data-plan-id=${t.plan_id}>
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
          </div>` : l}
    </form>`;
  }
  _renderHeader(t) {
    const e = this.hass, s = t.plan.estimated_cost;
    return d`<div class="plan-header">
        <span class="intent">${t.task_spec.intent}</span>
        <span class="status status-${t.status}"
          >${this._t(`status.${t.status}`)}</span
        >
      </div>
      <div class="meta">
        ${w(t.created, e)} ·
        ${this._t(`strategy.${t.plan.strategy}`)} ·
        ${s > 0 ? d`${this._t("plan.estimated_cost")} ${F(s, e)}` : this._t("plan.no_cost")}
        · ${this._t("plan.privacy_score")} ${z(t.plan.privacy_score)}
      </div>
      ${this._renderProgress(t)}
      ${t.explanation.summary ? d`<p class="summary">${t.explanation.summary}</p>` : l}
      ${t.error ? d`<p class="plan-error">${this._t("plan.error")}: ${t.error}</p>` : l}`;
  }
  /** Where the plan is and what it waits for: a step, a time, a condition, a person. */
  _renderProgress(t) {
    const e = [pe(t, R(this.hass)), ge(t, this.hass)];
    t.status === "pending_approval" && t.explanation.consent && e.push(t.explanation.consent);
    const s = e.filter((r) => !!r);
    return s.length > 0 ? d`<p class="progress">${s.join(" · ")}</p>` : l;
  }
  /** A suggestion of the home: what and why, with Accept, Snooze and Dismiss. */
  _renderSuggestion(t) {
    const e = this._toggled.has(t.plan_id), s = t.recommendation, r = s?.expires_at;
    return d`<article
      class="plan suggestion"
      data-plan-id=${t.plan_id}
      data-status=${t.status}
    >
      <div class="plan-header">
        <span class="intent">${s?.title || t.task_spec.intent}</span>
      </div>
      <p class="summary">${s?.reason || t.explanation.summary}</p>
      ${s?.reason && t.explanation.summary ? d`<p class="muted">${t.explanation.summary}</p>` : l}
      ${r ? d`<p class="muted">
            ${this._t("suggestion.until", { time: w(r, this.hass) })}
          </p>` : l}
      ${e ? this._renderDetails(t) : l}
      <div class="actions">
        <button
          type="button"
          class="link"
          data-action="toggle"
          aria-expanded=${e ? "true" : "false"}
          @click=${() => this._toggle(t.plan_id)}
        >
          ${this._t(e ? "button.hide" : "button.details")}
        </button>
        <span class="spacer"></span>
        ${t.can_approve ? d`<button
                type="button"
                class="approve"
                data-action="accept"
                ?disabled=${this._busy}
                @click=${() => this._act(t, "approve")}
              >
                ${this._t("button.accept")}
              </button>
              <button
                type="button"
                data-action="snooze"
                ?disabled=${this._busy}
                @click=${() => this._act(t, "reject", fe)}
              >
                ${this._t("button.snooze")}
              </button>
              <button
                type="button"
                data-action="dismiss"
                ?disabled=${this._busy}
                @click=${() => this._act(t, "reject", me)}
              >
                ${this._t("button.dismiss")}
              </button>` : l}
      </div>
    </article>`;
  }
  _renderPlan(t, e) {
    const s = e !== this._toggled.has(t.plan_id), r = t.status === "pending_approval" && t.can_approve, n = U.includes(t.status) && t.can_cancel;
    return d`<article
      class="plan"
      data-plan-id=${t.plan_id}
      data-status=${t.status}
    >
      ${this._renderHeader(t)} ${s ? this._renderDetails(t) : l}
      <div class="actions">
        <button
          type="button"
          class="link"
          data-action="toggle"
          aria-expanded=${s ? "true" : "false"}
          @click=${() => this._toggle(t.plan_id)}
        >
          ${this._t(s ? "button.hide" : "button.details")}
        </button>
        <span class="spacer"></span>
        ${r ? d`<button
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
              </button>` : l}
        ${n ? d`<button
              type="button"
              class="danger"
              data-action="cancel"
              ?disabled=${this._busy}
              @click=${() => this._act(t, "cancel")}
            >
              ${this._t("button.cancel")}
            </button>` : l}
      </div>
    </article>`;
  }
  _renderDetails(t) {
    const e = Pt(t.plan.steps), s = new Map(e.map((o, c) => [o.step_id, c + 1])), { explanation: r, task_spec: n } = t;
    return d`<div class="details">
      <h4>${this._t("plan.steps")}</h4>
      ${e.length === 0 ? d`<p class="muted">${this._t("plan.no_steps")}</p>` : d`<ol class="steps">
            ${e.map((o) => this._renderStep(t, o, s))}
          </ol>`}
      ${n.unresolved.length > 0 ? d`<p class="unresolved">
            ${this._t("plan.unresolved")}: ${n.unresolved.join(" ")}
          </p>` : l}
      <h4>${this._t("plan.explanation")}</h4>
      <div class="explanation">
        ${r.steps.length > 0 ? d`<ul class="numbered">
              ${r.steps.map((o) => d`<li>${o}</li>`)}
            </ul>` : l}
        ${r.privacy ? d`<p><b>${this._t("plan.privacy")}:</b> ${r.privacy}</p>` : l}
        ${r.consent ? d`<p><b>${this._t("plan.consent")}:</b> ${r.consent}</p>` : l}
        ${r.cost ? d`<p><b>${this._t("plan.cost")}:</b> ${r.cost}</p>` : l}
        ${r.guardrails.length > 0 ? d`<p><b>${this._t("plan.guardrails")}:</b></p>
              <ul class="guardrail-list">
                ${r.guardrails.map((o) => d`<li>${o}</li>`)}
              </ul>` : l}
      </div>
      <h4>${this._t("plan.scores")}</h4>
      <div class="scores">
        ${be.map(
      (o) => d`<div class="score" data-score=${o}>
              <span class="score-name">${this._t(`score.${o}`)}</span>
              <span class="bar"
                ><span
                  style="width: ${z(
        Math.min(1, Math.max(0, t.plan.scores[o]))
      )}"
                ></span
              ></span>
              <span class="score-value">${z(t.plan.scores[o])}</span>
            </div>`
    )}
      </div>
      ${t.alternatives.length > 0 ? d`<h4>${this._t("plan.alternatives")}</h4>
            <ul class="alternatives">
              ${t.alternatives.map(
      (o) => d`<li data-strategy=${o.strategy}>
                    <b
                      >${o.summary || this._t(`strategy.${o.strategy}`)}</b
                    >
                    <div class="muted">
                      ${this._t(`strategy.${o.strategy}`)} ·
                      ${z(o.scores.total)} ·
                      ${F(o.estimated_cost, this.hass)}
                    </div>
                  </li>`
    )}
            </ul>` : l}
    </div>`;
  }
  _renderStep(t, e, s) {
    const r = this.hass, n = R(r), o = e.depends_on.map((p) => s.get(p)).filter((p) => p !== void 0).map((p) => `#${p}`), c = t.progress ? t.progress[e.step_id]?.state ?? "pending" : void 0, a = de(e, r);
    return d`<li class="step" data-step-id=${e.step_id} data-state=${c ?? l}>
      <span class="step-text">${mt(e, n)}</span>
      <span class="badges">
        ${c ? d`<span class="badge state state-${c}"
              >${this._t(`step.${c}`)}</span
            >` : l}
        ${e.not_before ? d`<span class="badge time"
              >${this._t("plan.at", { time: w(e.not_before, r) })}</span
            >` : l}
        ${o.length > 0 ? d`<span class="badge"
              >${this._t("plan.after", { steps: o.join(", ") })}</span
            >` : l}
        <span class="badge ${e.local ? "local" : "cloud"}"
          >${this._t(e.local ? "plan.local" : "plan.cloud")}</span
        >
        ${e.estimated_cost > 0 ? d`<span class="badge">${F(e.estimated_cost, r)}</span>` : l}
      </span>
      ${a.length > 0 ? d`<div class="guardrails">
            ${this._t("plan.guardrails")}: ${a.join("; ")}
          </div>` : l}
      ${e.fallbacks.length > 0 ? d`<div class="fallbacks">
            ${this._t("plan.fallbacks")}:
            ${e.fallbacks.map((p) => mt(p, n)).join(" → ")}
          </div>` : l}
    </li>`;
  }
};
st.styles = Dt`
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
      /* Long names and ids wrap: nothing may be wider than a phone. */
      overflow-wrap: anywhere;
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
      min-width: 0;
      max-width: 100%;
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
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 8px;
      align-items: baseline;
    }
    .intent {
      font-weight: 500;
      min-width: 0;
    }
    .progress {
      margin: 6px 0 0;
      font-weight: 500;
      color: var(--primary-color);
    }
    .suggestion {
      border-color: var(--primary-color);
    }
    .badge.state-done {
      color: var(--success-color, #43a047);
      border-color: var(--success-color, #43a047);
    }
    .badge.state-running,
    .badge.state-waiting {
      color: var(--info-color, #039be5);
      border-color: var(--info-color, #039be5);
    }
    .badge.state-failed {
      color: var(--error-color, #db4437);
      border-color: var(--error-color, #db4437);
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
    /* The explainer numbers its lines itself, as the steps above are numbered. */
    .explanation ul.numbered {
      list-style: none;
      padding-left: 0;
    }
    .scores {
      display: grid;
      grid-template-columns: max-content minmax(0, 1fr) max-content;
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
      flex-wrap: wrap;
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
let g = st;
f([
  Q({ attribute: !1 })
], g.prototype, "hass");
f([
  m()
], g.prototype, "_config");
f([
  m()
], g.prototype, "_plans");
f([
  m()
], g.prototype, "_toggled");
f([
  m()
], g.prototype, "_intent");
f([
  m()
], g.prototype, "_strategy");
f([
  m()
], g.prototype, "_preview");
f([
  m()
], g.prototype, "_busy");
f([
  m()
], g.prototype, "_error");
kt(q, g);
window.customCards = window.customCards ?? [];
window.customCards.some((i) => i.type === q) || window.customCards.push({
  type: q,
  name: "Orchestration plans",
  description: "Preview what an intent will do, approve plans and watch them run.",
  preview: !0
});
export {
  q as CARD_TYPE,
  g as OrchestrationPlanCard
};
