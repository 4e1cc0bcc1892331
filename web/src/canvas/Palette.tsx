import type { Category, NodeKind, NodeKinds } from '../api/node-kinds';

const CATEGORIES: { id: Category; title: string }[] = [
  { id: 'message', title: 'Messages' },
  { id: 'logic', title: 'Logic' },
  { id: 'action', title: 'Actions' },
];

export const KIND_MIME = 'application/x-chatflow-kind';

/** Every published kind, by category: drag one onto the canvas, or press Enter to add it. */
export function Palette({ kinds, onAdd }: { kinds: NodeKinds; onAdd: (kind: NodeKind) => void }) {
  const known = new Set(CATEGORIES.map((c) => c.id));
  const groups = [
    ...CATEGORIES,
    ...[...new Set(kinds.kinds.map((k) => k.category))]
      .filter((c) => !known.has(c))
      .map((c) => ({ id: c, title: c })),
  ];
  return (
    <nav className="palette" aria-label="Node kinds">
      {groups.map((group) => {
        const members = kinds.kinds.filter((k) => k.category === group.id);
        if (members.length === 0) return null;
        return (
          <section key={group.id}>
            <h3>{group.title}</h3>
            {members.map((kind) => (
              <button
                type="button"
                key={kind.kind}
                className={`palette-item category-${kind.category}`}
                draggable
                title={kind.description}
                data-kind={kind.kind}
                onDragStart={(e) => {
                  e.dataTransfer.setData(KIND_MIME, kind.kind);
                  e.dataTransfer.effectAllowed = 'move';
                }}
                onClick={() => onAdd(kind)}
              >
                {kind.label}
              </button>
            ))}
          </section>
        );
      })}
    </nav>
  );
}
