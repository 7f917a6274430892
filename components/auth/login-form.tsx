"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, describedBy, inputClass } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

/** Only same-origin paths are followed after sign-in, so a crafted link cannot bounce users elsewhere. */
function safeCallback(url: string | undefined): string {
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/scans";
}

export function LoginForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: string }) {
  const [error, setError] = useState<string | null>(initialError ? "Sign-in failed. Check your email and password." : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", {
      email: String(data.get("email") ?? ""),
      password: String(data.get("password") ?? ""),
      redirect: false,
    });
    if (res?.ok && !res.error) {
      // A full navigation so server components render with the new session cookie.
      window.location.assign(safeCallback(callbackUrl));
      return;
    }
    setPending(false);
    setError("That email and password do not match an account.");
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
