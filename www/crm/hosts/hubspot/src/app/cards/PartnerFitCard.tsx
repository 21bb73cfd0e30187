// The Partner fit app card on HubSpot company records (crm.record.sidebar).
// It reads the company's properties with useCrmProperties, shows the fit
// score and band natively when the sandbox runs WebAssembly, and opens the
// full panel (reasons, missing fields, economics, tier) with
// actions.openIframeModal. ./generated/partner-fit.js is written by
// www/crm/hosts/hubspot/build.mjs; see README.md there.

import {
  Button,
  ErrorState,
  Flex,
  LoadingSpinner,
  ScoreCircle,
  StatusTag,
  Text,
  hubspot,
  useExtensionActions,
  useExtensionContext,
} from '@hubspot/ui-extensions';
import { useCrmProperties } from '@hubspot/ui-extensions/crm';
import { PROPERTIES, panelUri, scoreCompany } from './generated/partner-fit.js';

type Variant = 'default' | 'success' | 'warning' | 'danger' | 'info';

// The band's colour on HubSpot's StatusTag, by the band's position: the
// labels themselves come from the core's profile, never from here.
function variantFor(score: { disqualified: boolean; band: string | null }): Variant {
  if (score.disqualified) return 'danger';
  return score.band === null ? 'default' : 'info';
}

export function PartnerFitCard() {
  const context = useExtensionContext<'crm.record.sidebar'>();
  const actions = useExtensionActions<'crm.record.sidebar'>();
  const { properties, isLoading, error } = useCrmProperties(PROPERTIES);

  if (isLoading) return <LoadingSpinner label="Reading the company" />;
  if (error) {
    return (
      <ErrorState title="Could not read the company">
        <Text>{error.message}</Text>
      </ErrorState>
    );
  }

  const result = scoreCompany(properties);
  const open = () =>
    actions.openIframeModal({
      uri: panelUri(context, properties),
      height: 900,
      width: 420,
      title: 'Partner fit',
    });

  return (
    <Flex direction="column" gap="sm">
      {result.ok ? (
        <>
          <Flex direction="row" gap="sm" align="center">
            <ScoreCircle score={result.score} testId="partner-fit-score" />
            <StatusTag variant={variantFor(result)} testId="partner-fit-band">
              {result.disqualified ? 'Disqualified' : result.band ?? 'No band'}
            </StatusTag>
          </Flex>
          <Text variant="microcopy" testId="partner-fit-detail">
            {`${result.profile} profile · ${Math.round(result.coverage * 100)}% of the weight has data · ${result.missing} field(s) missing`}
          </Text>
        </>
      ) : (
        <Text testId="partner-fit-unavailable">{result.message}</Text>
      )}
      <Button variant="primary" onClick={open} testId="partner-fit-open">
        Open the partner fit panel
      </Button>
    </Flex>
  );
}

hubspot.extend<'crm.record.sidebar'>(() => <PartnerFitCard />);
