/** The cleaning and merge report of a catalog build, as Markdown (data/catalog/REPORT.md). */
import type { CatalogReport } from './derive.ts';

const n = (x: number) => x.toLocaleString('en-US');
const list = (xs: readonly string[]) =>
  xs.length ? xs.map((x) => `- ${x}`).join('\n') : '- (none)';

export function renderReport(r: CatalogReport, extra: { bytes: number; file: string }): string {
  const w = r.wikipedia;
  const c = w.cast;
  const q = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(' / ');
  return `# Bundled catalog: build report

Made by \`npm run catalog:build\` (scripts/catalog/build.ts); do not edit by hand. Output:
\`${extra.file}\`, ${n(r.records.total)} records, ${n(extra.bytes)} bytes gzipped.

## Records
| | |
|---|---:|
| Wikipedia films merged with a vega-datasets film | ${n(r.records.merged)} |
| Wikipedia-only films | ${n(r.records.wikipediaOnly)} |
| vega-datasets-only films (in the catalog today, not found in the Wikipedia list) | ${n(r.records.vegaOnly)} |
| **total** | **${n(r.records.total)}** |

## Wikipedia list (prust/wikipedia-movie-data): ${n(w.rowsIn)} rows → ${n(w.films)} films
| Rule | Count |
|---|---:|
| Rows without a title or a usable year (dropped) | ${n(w.rowsInvalid)} |
| Duplicate title+year pairs in the input | ${n(w.duplicateTitleYearPairs)} |
| Duplicate article slugs (\`href\`) in the input | ${n(w.duplicateHrefs)} (${n(w.duplicateHrefRows)} rows) |
| Rows merged into another row of the same article (same film listed twice, re-release, alternative title) | ${n(w.sharedArticleRowsMerged)} |
| Films sharing an article with another film, kept apart (lost the wrong link, lead and poster) | ${n(w.sharedArticleFilmsKeptApart)} |
| Rows without an article merged with a same title+year row (overlapping or empty cast) | ${n(w.titleYearRowsMergedWithoutArticle)} |
| Rows without \`href\` (key \`wiki:<title slug>:<year>\`) | ${n(w.withoutHref)} |
| Source keys that needed a ":2" suffix | ${n(w.keyCollisionsSuffixed)} |
| Article slugs percent-decoded ("The_Artist%27s_Dilemma" → "The_Artist's_Dilemma") | ${n(w.hrefsPercentDecoded)} |
| Titles: " (film)", " (1920 film)", " (1933 serial)" removed | ${n(w.titleDisambiguatorsRemoved)} |
| Titles: "(1902)" equal to the year removed | ${n(w.titleYearSuffixesRemoved)} |
| Titles: MediaWiki stylesheet removed ("Naked Gun .mw-parser-output …33+1⁄3" → "Naked Gun 33⅓") | ${n(w.titleCssRemoved)} |
| Titles: interlanguage marker removed ("Fly by Night [fr]") | ${n(w.titleLanguageMarkersRemoved)} |
| Titles: entities/whitespace repaired | ${n(w.titleWhitespaceFixed)} |
| Leads missing | ${n(w.extractsMissing)} |
| Leads that were only a hatnote ("(For the 1929 talkie see …)"): removed | ${n(w.hatnotesRemoved)} (left empty: ${n(w.extractsEmptyAfterHatnote)}) |
| Leads with line breaks, doubled spaces, a space before punctuation, leading punctuation: repaired | ${n(w.extractWhitespaceFixed)} |
| Leads describing a TV series, episode, pilot or miniseries rather than a film: kept, noted below | ${n(w.extractsTvSeries)} |
| Leads about something else (a novel, a play, a song, a person): dropped with their poster and link | ${n(w.extractsOffTopic)} |
| Posters missing | ${n(w.postersMissing)} |
| Posters upgraded to https | ${n(w.postersUpgradedToHttps)} |

### Cast (${n(c.junkDropped + c.notesDropped + c.writersDropped + c.directorsMoved + c.duplicatesDropped)} entries removed or moved)
| Rule | Count |
|---|---:|
| Junk entries dropped ("(", ")", ".", "?", "&", "[a]", "and", "voices of", "", lowercase fragments) | ${n(c.junkDropped)} |
| Notes dropped ("(uncredited bit)", "(voices)", "(", "Best Actor", "nominee)") | ${n(c.notesDropped)} |
| Disambiguators stripped ("Harry Carter (actor)" → "Harry Carter") | ${n(c.disambiguatorsStripped)} |
| Writers listed as cast dropped ("… (writers)", "Cesare Pavese", "(novel)", "X (Screenplay)") | ${n(c.writersDropped)} |
| Directors listed as cast moved to directors ("Dir.: Steve Asquith") | ${n(c.directorsMoved)} |
| "Sr."/"Jr." rejoined, ", Jr." → " Jr." | ${n(c.suffixesRepaired)} |
| Names repaired (curly quotes, wiki markup) | ${n(c.namesRepaired)} |
| The same person twice in one film | ${n(c.duplicatesDropped)} |
| Films with more than 50 leads cut to 50 | ${n(c.truncated)} |

## Genres
- Wikipedia's tags → coarse genres (scripts/catalog/genres.ts); every tag is kept as a theme.
- "Sports" written as "sport": ${n(r.genres.sportsAliased)} films. Tags outside the known 41: ${r.genres.unknownTags.length ? r.genres.unknownTags.join(', ') : 'none'}.
- Creative type from vega-datasets: ${n(r.genres.creativeTypesFromVega)}; derived from a tag (Superhero, Science Fiction, Fantasy, Historical): ${n(r.genres.creativeTypesDerived)}.
- Films per coarse genre: ${Object.entries(r.genres.genresByCount)
    .sort((a, b) => b[1] - a[1])
    .map(([g, k]) => `${g} ${n(k)}`)
    .join(', ')}.

## vega-datasets (cleaned by scripts/seed/clean-movies.ts)
${n(r.vega.input)} rows → ${n(r.vega.output)} films: ${r.vega.yearsFixed} years fixed, ${r.vega.titlesReordered} titles re-ordered, ${r.vega.encodingRepaired} encodings repaired, ${r.vega.numericTitles} numeric titles, ${r.vega.yearSuffixesRemoved} "(year)" suffixes removed, ${r.vega.directorsRepaired} directors repaired, ${r.vega.droppedNoTitle} untitled dropped, ${r.vega.duplicatesDropped} duplicates dropped.

## Matching vega-datasets to Wikipedia
- Same normalised title at all (years ignored; the issue counted 2,616): **${n(r.match.sameTitleKey)}**.
- Matched one-to-one with the year check: **${n(r.match.matched)}** of ${n(r.vega.output)} — ${n(r.match.byTier['title-year'])} by title and year (±1), ${n(r.match.byTier['loose-title-year'])} by a looser title (±1, one candidate), ${n(r.match.byTier['director-confirmed'])} confirmed by the director in the lead although the years differ more.
- Not matched: ${Object.entries(r.match.unmatchedByReason)
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(
      ', ',
    )}. "title-not-in-list": the list holds American films only (Festen, Das Boot, Central do Brasil are not in it) or spells the title differently; "year-differs": a different film of the same title (Dracula 1992 is "Bram Stoker's Dracula"; Wikipedia's Dracula films are 1931 and 1979) or a wrong vega date without a director to confirm it.
- Ids of matched films stay vega's ("the-godfather-1972"). Where the director confirmed a match, the record takes Wikipedia's year and drops vega's date: ${n(r.ids.releaseDatesDropped)}. Wikipedia-only ids that needed a "-2" suffix: ${n(r.ids.wikiIdsSuffixed)}.

### Sample of unmatched vega films
${list(r.samples.unmatchedVega)}

### Loose-title matches
${list(r.samples.looseMatches)}

### Director-confirmed matches
${list(r.samples.directorConfirmed)}

## Popularity
- vega films keep \`popularityOf(votes, gross)\`; quantiles p10/p25/p50/p75/p90/p99: ${q(r.popularity.vegaQuantiles)}.
- Wikipedia-only films get a capped prior (\`wikiPopularityPrior\` in scripts/catalog/derive.ts); quantiles: ${q(r.popularity.wikiOnlyQuantiles)}; below the vega median: ${n(r.popularity.wikiOnlyBelowVegaMedian)}, at or above: ${n(r.popularity.wikiOnlyAtOrAboveVegaMedian)}.

## Films sharing an article, kept apart
${list(r.samples.keptApart)}

## Leads describing a series (sample; kept, type stays "movie")
${list(r.samples.tvSeries)}

## Leads about something else (dropped)
${list(r.samples.offTopic)}

## Wikipedia-only ids with a suffix (sample)
${list(r.samples.idSuffixes)}
`;
}
