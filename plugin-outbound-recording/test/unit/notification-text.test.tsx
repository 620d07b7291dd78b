/** @jest-environment jsdom */
import { render } from '@testing-library/react';
import * as React from 'react';

import { NotificationText } from '../../src/agent-messages/NotificationText';

describe('NotificationText', () => {
  it('renders the text Flex passes as notificationContext', () => {
    const { container } = render(<NotificationText notificationContext={{ text: 'This call is NOT being recorded.' }} />);
    expect(container.textContent).toBe('This call is NOT being recorded.');
  });

  it('renders nothing for a missing or odd context, as text only', () => {
    expect(render(<NotificationText />).container.textContent).toBe('');
    expect(render(<NotificationText notificationContext={{ text: { html: '<b>x</b>' } }} />).container.textContent).toBe('');
    expect(render(<NotificationText notificationContext={{ text: '<b>x</b>' }} />).container.innerHTML).toBe('<span>&lt;b&gt;x&lt;/b&gt;</span>');
  });
});
