"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button, TextField } from "@/components/ui";

export function LoginForm() {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const result = await signIn("credentials", {
      login: String(form.get("login") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (result?.ok && !result.error) {
      window.location.assign("/account/security");
      return;
    }
    // authorize() passes on the reason of a refusal (too many attempts, a server busy checking other
    // sign-ins); anything else is a plain wrong login.
    setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Incorrect login or password.");
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <TextField name="login" label="Login" autoComplete="username" required />
      <TextField name="password" label="Password" type="password" autoComplete="current-password" required />
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        Log in
      </Button>
    </form>
  );
}
