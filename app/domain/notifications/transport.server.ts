// The SMTP transport (nodemailer) from the configuration: SMTP_URL, or SMTP_HOST with SMTP_PORT,
// SMTP_USER, SMTP_PASSWORD and SMTP_SECURE; neither: null (the caller starts the local capture).
import nodemailer, { type Transporter } from "nodemailer";
import type { Env } from "../../lib/env.server";

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function smtpTransport(config: Env): Transporter | null {
  if (config.SMTP_URL) return nodemailer.createTransport({ url: config.SMTP_URL, ...TIMEOUTS });
  if (config.SMTP_HOST)
    return nodemailer.createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE === "true",
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? "" } : undefined,
      ...TIMEOUTS,
    });
  return null;
}

/** A transport to an SMTP server on this machine without TLS (the capture server, the tests' server). */
export function loopbackTransport(host: string, port: number): Transporter {
  return nodemailer.createTransport({ host, port, secure: false, ignoreTLS: true, ...TIMEOUTS });
}
