import { useTranslation } from 'react-i18next';
import type { FishboneCategory } from './closingApi';
import { FISHBONE_CATEGORIES } from './rootCause';

const WIDTH = 720;
const HEIGHT = 300;
const SPINE_Y = HEIGHT / 2;
const HEAD_X = 560;
/** Where each bone meets the spine; the first three point up, the other three down. */
const JOINS = [170, 330, 490];
const SHOWN_CAUSES = 4;
const CHARS = 16;

const clip = (text: string) => (text.length > CHARS ? `${text.slice(0, CHARS - 1)}…` : text);

/**
 * The fishbone (Ishikawa) drawn small: the spine to the head (the root cause), six bones for 人机料法环测 with their
 * causes listed along each; a bone with more than four shows how many more. Read-only: the form beside it edits.
 */
export function FishboneDiagram({ fishbone, head }: { fishbone: Record<FishboneCategory, readonly string[]>; head: string }) {
  const { t } = useTranslation();
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={t('closing.fishbone.title')} style={{ maxWidth: WIDTH, fontSize: 12 }} data-testid="closing-fishbone-diagram">
      <line x1={20} y1={SPINE_Y} x2={HEAD_X} y2={SPINE_Y} stroke="#595959" strokeWidth={3} />
      <polygon points={`${HEAD_X},${SPINE_Y - 10} ${HEAD_X + 14},${SPINE_Y} ${HEAD_X},${SPINE_Y + 10}`} fill="#595959" />
      <foreignObject x={HEAD_X + 18} y={SPINE_Y - 40} width={WIDTH - HEAD_X - 20} height={80}>
        <div style={{ fontSize: 12, fontWeight: 600, lineHeight: 1.3, overflow: 'hidden', maxHeight: 80, overflowWrap: 'anywhere' }} title={head}>
          {head || t('closing.fishbone.noHead')}
        </div>
      </foreignObject>
      {FISHBONE_CATEGORIES.map((category, i) => {
        const up = i < 3;
        const joinX = JOINS[i % 3]!;
        const tipX = joinX - 90;
        const tipY = up ? 34 : HEIGHT - 34;
        const causes = fishbone[category] ?? [];
        const more = causes.length - SHOWN_CAUSES;
        return (
          <g key={category} data-testid={`closing-bone-${category}`} data-count={causes.length}>
            <line x1={tipX} y1={tipY} x2={joinX} y2={SPINE_Y} stroke="#8c8c8c" strokeWidth={2} />
            <text x={tipX} y={up ? tipY - 10 : tipY + 20} textAnchor="middle" fontWeight={600} fill="#262626">
              {t(`closing.fishbone.category.${category}`)}
            </text>
            {causes.slice(0, SHOWN_CAUSES).map((cause, n) => {
              // Causes stack along the bone, each line a little further towards the spine.
              const share = (n + 1) / (SHOWN_CAUSES + 1);
              const x = tipX + (joinX - tipX) * share;
              const y = tipY + (SPINE_Y - tipY) * share;
              return (
                <text key={n} x={x - 6} y={y + 4} textAnchor="end" fill="#434343">
                  <title>{cause}</title>
                  {clip(cause)}
                </text>
              );
            })}
            {more > 0 ? (
              <text x={joinX - 6} y={up ? SPINE_Y - 8 : SPINE_Y + 18} textAnchor="end" fill="#8c8c8c">
                {t('closing.fishbone.more', { count: more })}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
