import "server-only";
import { getServerSession } from "next-auth";
import { getAuthOptions } from "./options";
import type { Principal } from "./principal";

/** For server components and server actions: the signed-in analyst, or null. */
export async function getPrincipal(): Promise<Principal | null> {
  const session = await getServerSession(getAuthOptions());
  const id = session?.user?.email;
  return id ? { id: id.toLowerCase(), via: "session" } : null;
}
