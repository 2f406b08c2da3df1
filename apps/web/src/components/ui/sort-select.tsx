// "Sort by" for a list whose order lives in the URL: one labelled native select over the orders offered.
export function SortSelect<Key extends string>({
  value,
  sorts,
  onSort,
}: {
  value: Key;
  /** The orders offered, by URL key, in the order shown. */
  sorts: Record<Key, { label: string }>;
  onSort: (sort: Key) => void;
}) {
  const isSort = (candidate: string): candidate is Key => Object.hasOwn(sorts, candidate);
  return (
    <label className="select-field">
      <span className="select-field__label">Sort by</span>
      <select
        className="select"
        value={value}
        onChange={(event) => {
          const sort = event.target.value;
          if (isSort(sort)) onSort(sort);
        }}
      >
        {Object.entries<{ label: string }>(sorts).map(([key, { label }]) => (
          <option key={key} value={key}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
