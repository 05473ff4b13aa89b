// A recording's sources are plain text ("fastai/fastai fastai/callback/hook.py (…)", "… (arXiv 1812.06162)").
// Each gets a link when it names something with a stable public address: a URL, an arXiv id, or a file
// in a GitHub repository (owner/repo path/to/file.py).

export interface SourceLink {
  text: string;
  href: string | null;
}

export function sourceLink(text: string): SourceLink {
  const url = /\bhttps?:\/\/[^\s)]+/.exec(text);
  if (url) return { text, href: url[0] };
  const arxiv = /\barXiv[:\s]+(\d{4}\.\d{4,5})\b/i.exec(text);
  if (arxiv) return { text, href: `https://arxiv.org/abs/${arxiv[1]}` };
  const gh = /^([A-Za-z0-9-]+\/[A-Za-z0-9._-]+)\s+([\w./-]+\.(?:py|ipynb|ts|md))\b/.exec(text);
  if (gh) return { text, href: `https://github.com/${gh[1]}/blob/master/${gh[2]}` };
  return { text, href: null };
}
