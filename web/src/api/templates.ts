import { useQuery } from '@tanstack/react-query';
import { allPages, api, ok, type Template } from './client';

export function useTemplates() {
  return useQuery({
    queryKey: ['templates'],
    queryFn: () =>
      allPages((page) =>
        ok(api.GET('/chat-flow/templates', { params: { query: { page, page_size: 100 } } })),
      ),
    staleTime: 30_000,
  });
}

interface Component {
  type?: string;
  text?: string;
  format?: string;
  buttons?: { type?: string; text?: string }[];
}

function components(template: Template | undefined): Component[] {
  return (template?.components ?? []) as Component[];
}

function part(template: Template | undefined, type: string): string | undefined {
  return components(template).find((c) => c.type?.toUpperCase() === type)?.text;
}

/** The parts of a template as WhatsApp shows them. */
export function templateParts(template: Template | undefined) {
  return {
    header: part(template, 'HEADER'),
    body: part(template, 'BODY') ?? '',
    footer: part(template, 'FOOTER'),
    buttons:
      template?.buttons ??
      components(template)
        .filter((c) => c.type?.toUpperCase() === 'BUTTONS')
        .flatMap((c) => c.buttons ?? [])
        .map((b) => b.text ?? ''),
  };
}

/** Fills `{{1}}`, `{{2}}`, … with the parameters; a missing one stays visible as written. */
export function fillParameters(text: string, parameters: readonly string[] | undefined): string {
  return text.replace(
    /\{\{\s*(\d+)\s*\}\}/g,
    (whole, n: string) => parameters?.[Number(n) - 1] ?? whole,
  );
}

/**
 * The status to show on a template WhatsApp will not send (paused, disabled, rejected, deleted,
 * pending); undefined for an approved template or one created here.
 */
export function templateStatusBadge(template: Template | undefined): string | undefined {
  if (!template || template.sendable !== false) return undefined;
  return (template.status ?? 'not sendable').toLowerCase().replace(/_/g, ' ');
}
