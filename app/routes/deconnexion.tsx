import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getDb } from "../db.server";
import { destroySession } from "../auth/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await destroySession(getDb(), request);
  return redirect("/connexion", { headers: { "Set-Cookie": cookie } });
}

export async function loader() {
  return redirect("/");
}
