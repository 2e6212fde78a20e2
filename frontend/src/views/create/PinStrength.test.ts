import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, waitFor } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { renderWith } from '../../test/render';
import { secretProblem } from '../../lib/protection';
import ProtectionChoice from './ProtectionChoice.svelte';

beforeEach(() => resetFakes());

describe('PIN rules', () => {
  it('needs 6 characters and allows letters', () => {
    expect(secretProblem('pin', '4711', '4711')).toMatch(/at least 6/);
    expect(secretProblem('pin', '12345', '12345')).toMatch(/at least 6/);
    expect(secretProblem('pin', '271828', '271828')).toBe('');
    expect(secretProblem('pin', 'hearth7', 'hearth7')).toBe('');
  });
});

describe('ProtectionChoice', () => {
  it('shows the offline cost of the PIN being chosen', async () => {
    fakeApi.profiles.pinStrength.mockResolvedValue({ minLength: 6, tooShort: false, alphabet: 10, averageSeconds: 550000,
      text: 'Someone who copies this profile\'s locked key could guess a PIN like this in about 6 days of computer time on average.' });
    renderWith(ProtectionChoice, { protection: 'pin', secret: '271828', secret2: '', keychain: { available: true, reason: '' } } as any);
    expect(await screen.findByTestId('create-pin-strength')).toHaveTextContent('about 6 days');
    await waitFor(() => expect(fakeApi.profiles.pinStrength).toHaveBeenCalledWith('271828'));
  });
});
