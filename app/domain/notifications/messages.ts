// What an e-mail says: French plain text and simple HTML, built from a subject, a few paragraphs and the
// link to the page it is about; every message ends with the link to the user's e-mail settings. Pure.

export interface MessageContent {
  subject: string;
  paragraphs: string[];
  /** a path of the app (`/declarations/12`) or an absolute URL */
  link: string;
  linkLabel: string;
  /** further links (e.g. the order's PDF) */
  extraLinks?: { label: string; href: string }[];
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  link: string;
}

export const SETTINGS_PATH = "/compte#courriels";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

export function absolute(origin: string, link: string): string {
  return /^https?:\/\//.test(link) ? link : `${origin}${link.startsWith("/") ? "" : "/"}${link}`;
}

function footer(origin: string, security: boolean) {
  const settings = absolute(origin, SETTINGS_PATH);
  const line = security
    ? "Ce message de sécurité est toujours envoyé."
    : "Choisissez quels courriels vous recevez, tout de suite ou en récapitulatif, dans vos paramètres :";
  return {
    text: `--\nPilotage UO, accord-cadre de la DINUM. ${line} ${settings}`,
    html: `<hr><p style="font-size:12px;color:#666">Pilotage UO, accord-cadre de la DINUM. ${escapeHtml(line)} <a href="${escapeHtml(settings)}">Mes paramètres de courriels</a></p>`,
  };
}

function page(title: string, body: string, foot: string) {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:Marianne,Arial,sans-serif;color:#161616;max-width:640px">${body}${foot}</body></html>`;
}

export function renderMessage(m: MessageContent, origin: string, options: { security?: boolean } = {}): RenderedMessage {
  const link = absolute(origin, m.link);
  const extra = (m.extraLinks ?? []).map((l) => ({ label: l.label, href: absolute(origin, l.href) }));
  const f = footer(origin, options.security ?? false);
  const text = [
    "Bonjour,",
    "",
    ...m.paragraphs.flatMap((p) => [p, ""]),
    `${m.linkLabel} : ${link}`,
    ...extra.map((l) => `${l.label} : ${l.href}`),
    "",
    f.text,
    "",
  ].join("\n");
  const body = [
    "<p>Bonjour,</p>",
    ...m.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(m.linkLabel)}</a></p>`,
    ...extra.map((l) => `<p><a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a></p>`),
  ].join("");
  return { subject: m.subject, text, html: page(m.subject, body, f.html), link };
}

export interface DigestItem {
  subject: string;
  link: string;
}

/** One message gathering the day's (or week's) items, each with its link. */
export function renderDigest(items: DigestItem[], period: "daily" | "weekly", day: string, origin: string): RenderedMessage {
  const when = period === "daily" ? "du jour" : "de la semaine";
  const subject = `Pilotage UO : votre récapitulatif ${when} (${items.length} information${items.length > 1 ? "s" : ""})`;
  const f = footer(origin, false);
  const [y, mo, d] = day.split("-");
  const intro = `Voici ce qui vous concerne dans Pilotage UO, récapitulatif ${when} au ${d}/${mo}/${y} :`;
  const text = ["Bonjour,", "", intro, "", ...items.map((i) => `- ${i.subject}\n  ${absolute(origin, i.link)}`), "", f.text, ""].join("\n");
  const body = `<p>Bonjour,</p><p>${escapeHtml(intro)}</p><ul>${items
    .map((i) => `<li><a href="${escapeHtml(absolute(origin, i.link))}">${escapeHtml(i.subject)}</a></li>`)
    .join("")}</ul>`;
  return { subject, text, html: page(subject, body, f.html), link: absolute(origin, "/") };
}
