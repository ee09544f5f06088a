// Small SVG charts for the metrics page: server-rendered, no client script. Each chart is an
// image with a text alternative, followed by its data as a table for screen readers.

const palette = ["#4f46e5", "#f59e0b", "#10b981", "#e11d48"];

export interface Series {
  name: string;
  values: Array<number | null>;
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= value) ?? value;
}

function DataTable({
  caption,
  labels,
  series,
  format,
}: {
  caption: string;
  labels: string[];
  series: Series[];
  format: (value: number) => string;
}) {
  return (
    <table className="sr-only">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th>Period</th>
          {series.map((item) => (
            <th key={item.name}>{item.name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {labels.map((label, index) => (
          <tr key={label}>
            <th>{label}</th>
            {series.map((item) => (
              <td key={item.name}>
                {item.values[index] === null || item.values[index] === undefined ? "no data" : format(item.values[index])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Lines over time; gaps where a period has no data. */
export function LineChart({
  title,
  labels,
  series,
  format = (value) => value.toFixed(1),
  max,
}: {
  title: string;
  labels: string[];
  series: Series[];
  format?: (value: number) => string;
  max?: number;
}) {
  const width = 560;
  const height = 180;
  const pad = { left: 40, right: 10, top: 10, bottom: 24 };
  const top = max ?? niceMax(Math.max(0, ...series.flatMap((item) => item.values.filter((value): value is number => value !== null))));
  const x = (index: number) => pad.left + (labels.length <= 1 ? 0 : (index / (labels.length - 1)) * (width - pad.left - pad.right));
  const y = (value: number) => pad.top + (1 - value / top) * (height - pad.top - pad.bottom);
  const hasData = series.some((item) => item.values.some((value) => value !== null));
  return (
    <figure>
      {/* Drawn at its own size and only ever scaled down: scaled up on a wide screen, the axis text grew with it. */}
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        role="img"
        aria-label={`${title} (chart; data table follows)`}
        className="h-auto max-w-full"
      >
        {[0, 0.5, 1].map((fraction) => (
          <g key={fraction}>
            <line x1={pad.left} x2={width - pad.right} y1={y(top * fraction)} y2={y(top * fraction)} stroke="#e2e8f0" />
            <text x={pad.left - 6} y={y(top * fraction) + 4} textAnchor="end" fontSize="10" fill="#64748b">
              {format(top * fraction)}
            </text>
          </g>
        ))}
        {labels.map((label, index) =>
          index % Math.ceil(labels.length / 6) === 0 ? (
            // The first and last labels are anchored inward so neither is cut off at the edge.
            <text
              key={label}
              x={x(index)}
              y={height - 6}
              textAnchor={index === 0 ? "start" : index === labels.length - 1 ? "end" : "middle"}
              fontSize="10"
              fill="#64748b"
            >
              {label.slice(5)}
            </text>
          ) : null,
        )}
        {series.map((item, seriesIndex) => {
          const segments: string[] = [];
          let current = "";
          item.values.forEach((value, index) => {
            if (value === null) {
              if (current) segments.push(current);
              current = "";
            } else current += `${current ? "L" : "M"}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
          });
          if (current) segments.push(current);
          return (
            <g key={item.name} stroke={palette[seriesIndex % palette.length]} fill={palette[seriesIndex % palette.length]}>
              {segments.map((d) => (
                <path key={d} d={d} fill="none" strokeWidth="2" />
              ))}
              {item.values.map((value, index) => (value === null ? null : <circle key={index} cx={x(index)} cy={y(value)} r="2.5" />))}
            </g>
          );
        })}
        {!hasData && (
          <text x={width / 2} y={height / 2} textAnchor="middle" fontSize="12" fill="#64748b">
            No data in this period yet
          </text>
        )}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-3 text-xs text-slate-600">
        {series.map((item, index) => (
          <span key={item.name} className="inline-flex items-center gap-1">
            <span aria-hidden className="inline-block h-2 w-3 rounded-sm" style={{ background: palette[index % palette.length] }} />
            {item.name}
          </span>
        ))}
      </figcaption>
      <DataTable caption={title} labels={labels} series={series} format={format} />
    </figure>
  );
}

/** Horizontal bars, one group per label. */
export function BarChart({
  title,
  labels,
  series,
  format = (value) => String(value),
}: {
  title: string;
  labels: string[];
  series: Series[];
  format?: (value: number) => string;
}) {
  const top = niceMax(Math.max(0, ...series.flatMap((item) => item.values.filter((value): value is number => value !== null))));
  return (
    <figure>
      <div role="img" aria-label={`${title} (chart; data table follows)`} className="space-y-2">
        {labels.length === 0 && <p className="text-sm text-slate-500">No data in this period yet</p>}
        {labels.map((label, index) => (
          <div key={label} className="grid grid-cols-[8rem_1fr] items-center gap-2 text-xs">
            <span className="truncate text-slate-600" title={label}>
              {label}
            </span>
            <div className="space-y-0.5">
              {series.map((item, seriesIndex) => {
                const value = item.values[index];
                return (
                  <div key={item.name} className="flex items-center gap-1">
                    <div
                      className="h-2.5 rounded-sm"
                      style={{
                        width: `${value ? Math.max(1, (value / top) * 100) : 0}%`,
                        background: palette[seriesIndex % palette.length],
                      }}
                    />
                    <span className="tabular-nums text-slate-500">{value === null || value === undefined ? "—" : format(value)}</span>
                  </div>
                );
              })}
            </div>
          </div>
        ))}
      </div>
      {series.length > 1 && (
        <figcaption className="mt-2 flex flex-wrap gap-3 text-xs text-slate-600">
          {series.map((item, index) => (
            <span key={item.name} className="inline-flex items-center gap-1">
              <span aria-hidden className="inline-block h-2 w-3 rounded-sm" style={{ background: palette[index % palette.length] }} />
              {item.name}
            </span>
          ))}
        </figcaption>
      )}
      <DataTable caption={title} labels={labels} series={series} format={format} />
    </figure>
  );
}
