// "3 days ago" in a <time> element whose tooltip carries the exact moment.
import { useNow } from '@/hooks/use-now';
import { formatDateTime, formatRelativeTime } from '@/lib/relative-time';

export function RelativeTime({ value, prefix }: { value: string; prefix?: string }) {
  const now = useNow();
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const relative = formatRelativeTime(date, now);
  return (
    <time dateTime={value} title={formatDateTime(date)}>
      {prefix ? `${prefix} ${relative}` : relative}
    </time>
  );
}
