import { useRef, useState } from 'react';
import type { WidgetProps } from './SchemaForm';

export interface PlaceholderOption {
  text: string;
  description: string;
}

/**
 * Text with `{{…}}` autocompletion: typing `{{` lists the published placeholders and the flow's
 * variables; ↑/↓ choose, Enter or Tab insert, Escape closes.
 */
export function PlaceholderInput({
  id,
  value,
  onChange,
  invalid,
  options,
  multiline,
  placeholder,
}: Pick<WidgetProps, 'id' | 'value' | 'onChange' | 'invalid'> & {
  options: PlaceholderOption[];
  multiline: boolean;
  /** Shown while empty: the field's default. */
  placeholder?: string;
}) {
  const text = typeof value === 'string' ? value : '';
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<{ start: number; typed: string } | undefined>();
  const [active, setActive] = useState(0);

  const matches = query
    ? options.filter((o) => o.text.toLowerCase().includes(query.typed.toLowerCase())).slice(0, 8)
    : [];

  function track(next: string, caret: number) {
    const before = next.slice(0, caret);
    const open = before.lastIndexOf('{{');
    if (open >= 0 && !before.slice(open).includes('}}')) {
      setQuery({ start: open, typed: before.slice(open + 2) });
      setActive(0);
    } else {
      setQuery(undefined);
    }
  }

  function insert(option: PlaceholderOption) {
    if (!query) return;
    const caret = ref.current?.selectionStart ?? text.length;
    const insertion = option.text.includes('<')
      ? option.text.slice(0, option.text.indexOf('<'))
      : option.text;
    const next = text.slice(0, query.start) + insertion + text.slice(caret);
    onChange(next);
    setQuery(undefined);
    const at = query.start + insertion.length;
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(at, at);
    });
  }

  const common = {
    id,
    ref,
    value: text,
    placeholder,
    'aria-invalid': invalid,
    'aria-autocomplete': 'list' as const,
    'aria-expanded': matches.length > 0,
    'aria-controls': `${id}-suggestions`,
    onChange: (e: { target: { value: string; selectionStart: number | null } }) => {
      onChange(e.target.value);
      track(e.target.value, e.target.selectionStart ?? e.target.value.length);
    },
    onBlur: () => window.setTimeout(() => setQuery(undefined), 150),
    onKeyDown: (e: React.KeyboardEvent) => {
      if (matches.length === 0) return;
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        setActive((active + 1) % matches.length);
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((active - 1 + matches.length) % matches.length);
      } else if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        insert(matches[active]!);
      } else if (e.key === 'Escape') {
        e.stopPropagation();
        setQuery(undefined);
      }
    },
  };
  return (
    <div className="placeholder-input">
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      {matches.length > 0 && (
        <ul className="suggestions" role="listbox" id={`${id}-suggestions`}>
          {matches.map((o, i) => (
            <li
              key={o.text}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                insert(o);
              }}
            >
              <code>{o.text}</code> <span>{o.description}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
