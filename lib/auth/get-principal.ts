import "server-only";
import { getServerSession } from "next-auth";
import { getAuthOptions } from "./options";
import { normalizePrincipalId, type Principal } from "./principal";

/** For server components and server actions: the signed-in analyst, or null. */
export async function getPrincipal(): Promise<Principal | null> {
  const session = await getServerSession(getAuthOptions());
  // The session's principal, never its e-mail: an OIDC user's e-mail is not who they are here.
  const id = session?.principalId;
  return id ? { id: normalizePrincipalId(id), via: "session" } : null;
}
