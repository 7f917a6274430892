"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, describedBy, inputClass } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { signInWithPassword } from "./credentials-sign-in";

// next-auth's ?error= codes: AccessDenied is a single sign-on the allow-list or an unverified e-mail refused.
function initialMessage(code: string | undefined): string | null {
  if (!code) return null;
  if (code === "AccessDenied") return "Single sign-on refused: this account is not allowed to use APO, or its e-mail address is not verified.";
  return "Sign-in failed. Check your email and password.";
}

export function LoginForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: string }) {
  const [error, setError] = useState<string | null>(initialMessage(initialError));
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const outcome = await signInWithPassword(String(data.get("email") ?? ""), String(data.get("password") ?? ""));
    if (outcome.ok) {
      // A full navigation so server components render with the new session cookie. Only
      // same-origin paths are followed, so a crafted link cannot bounce users elsewhere.
      window.location.assign(safeCallbackPath(callbackUrl));
      return;
    }
    setPending(false);
    setError(outcome.message);
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="space-y-5" noValidate>
      {error ? <Notice tone="error" title={error} live /> : null}
      <Field id="email" label="Email">
        <input id="email" name="email" type="email" autoComplete="username" required className={inputClass} aria-describedby={describedBy("email", {})} />
      </Field>
      <Field id="password" label="Password">
        <input id="password" name="password" type="password" autoComplete="current-password" required className={inputClass} />
      </Field>
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
