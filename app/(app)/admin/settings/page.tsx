import { getDb } from "@/db/client";
import { getTokenSettings } from "@/db/queries/settings";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/ui";
import { requireAdmin } from "@/lib/auth/session";
import { INACTIVITY_OPTIONS, LIFETIME_OPTIONS } from "@/lib/tokens/expiry";
import { SettingsForm } from "./settings-form";

export const metadata = { title: "General Settings - Administration - Tokensmith" };

const labelFor = (options: readonly { label: string; days: number | null }[], days: number | null) =>
  options.find((o) => o.days === days)?.label ?? options[options.length - 1]?.label ?? "";

export default async function SettingsPage() {
  await requireAdmin();
  const settings = await getTokenSettings(getDb());
  return (
    <div className="flex flex-col gap-6">
      <PageHeader trail="Administration > Configuration > General Settings" title="Security" />
      <Section title="Tokens">
        <SettingsForm
          lifetimes={LIFETIME_OPTIONS.map((o) => o.label)}
          inactivities={INACTIVITY_OPTIONS.map((o) => o.label)}
          maxTokenLifetime={labelFor(LIFETIME_OPTIONS, settings.maxTokenLifetimeDays)}
          inactiveTokenRemoval={labelFor(INACTIVITY_OPTIONS, settings.inactiveTokenRemovalDays)}
        />
      </Section>
    </div>
  );
}
