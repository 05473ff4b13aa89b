// Markdown an attacker might write into a card. Every payload, if it ran, would set window.__pwned
// (or open a dialog); the tests render each one and check nothing executable comes out.
export const PWN = "window.__pwned=1";

export const XSS_CORPUS: readonly string[] = [
  // raw HTML
  `<script>${PWN}</script>`,
  `<img src=x onerror="${PWN}">`,
  `<svg onload="${PWN}"></svg>`,
  `<svg><script>${PWN}</script></svg>`,
  `<iframe src="javascript:${PWN}"></iframe>`,
  `<iframe srcdoc="<script>${PWN}</script>"></iframe>`,
  `<object data="javascript:${PWN}"></object>`,
  `<embed src="javascript:${PWN}">`,
  `<a href="javascript:${PWN}">click</a>`,
  `<div style="background:url(javascript:${PWN})">x</div>`,
  `<details open ontoggle="${PWN}">x</details>`,
  `<body onload="${PWN}">`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${PWN}">`,
  `<form action="javascript:${PWN}"><button>go</button></form>`,
  `<button formaction="javascript:${PWN}">x</button>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${PWN}">`,
  `<base href="javascript:${PWN}//">`,
  `<link rel="import" href="data:text/html,<script>${PWN}</script>">`,
  `<style>@import "javascript:${PWN}";</style>`,
  `<input autofocus onfocus="${PWN}">`,
  `<video><source onerror="${PWN}"></video>`,
  `<a href="#" onclick="${PWN}">x</a>`,
  // Markdown links and images
  `[click](javascript:${PWN})`,
  `[click](JaVaScRiPt:${PWN})`,
  `[click](  javascript:${PWN})`,
  `[click](java&#x09;script:${PWN})`,
  `[click](vbscript:msgbox(1))`,
  `[click](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)`,
  `![img](javascript:${PWN})`,
  `![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9IndpbmRvdy5fX3B3bmVkPTEiPjwvc3ZnPg==)`,
  `[ref][x]\n\n[x]: javascript:${PWN}`,
  `<javascript:${PWN}>`,
  `[a](https://example.com "title\\" onmouseover=\\"${PWN}")`,
  // math: KaTeX without trust turns these into red error text, never links or markup
  `$\\href{javascript:${PWN}}{click}$`,
  `$$\n\\url{javascript:${PWN}}\n$$`,
  `$\\htmlClass{x}{y}$ $\\htmlId{x}{y}$ $\\htmlStyle{color:red}{y}$ $\\htmlData{a=b}{y}$`,
  `$\\includegraphics{javascript:${PWN}}$`,
  `$\\def\\x{\\x}\\x$`,
  // code blocks keep their text as text
  "```html\n<script>" + PWN + "</script>\n```",
  "```javascript\n" + PWN + "\n```",
  // GFM pieces
  `| a |\n|---|\n| <img src=x onerror="${PWN}"> |`,
  `- [ ] <img src=x onerror="${PWN}">`,
  `~~<script>${PWN}</script>~~`,
];
