import { AnyAction, Store, legacy_createStore as createStore } from 'redux';

import { Conference } from './conference';
import { StandInTask } from './task';

/** The slices of Flex's FlexState (store/index.d.ts, state/AppState.d.ts) the stand-in keeps. */
export interface StandInState {
  flex: {
    worker: {
      /** Keyed by reservation SID, like Flex's WorkerState.tasks. */
      tasks: Map<string, StandInTask>;
      workerSid: string;
    };
    conferences: {
      /** Keyed by task SID, like Flex's ConferencesState.states. */
      states: Map<string, { source: Conference }>;
    };
    view: {
      /** Bumped by unrelated dispatches, so listeners see the churn a real Flex store has. */
      churn: number;
    };
  };
}

export interface CountingStore extends Store<StandInState, AnyAction> {
  /** Subscriptions currently registered (unsubscribe functions not yet called). */
  listenerCount(): number;
}

export const SYNC = 'STAND_IN/SYNC';
export const CHURN = 'STAND_IN/CHURN';

function initialState(workerSid: string): StandInState {
  return {
    flex: {
      worker: { tasks: new Map(), workerSid },
      conferences: { states: new Map() },
      view: { churn: 0 },
    },
  };
}

function reducer(state: StandInState | undefined, action: AnyAction): StandInState {
  if (state === undefined) return initialState('');
  switch (action.type) {
    case SYNC:
      return {
        flex: {
          ...state.flex,
          worker: { ...state.flex.worker, tasks: action.tasks },
          conferences: { states: action.conferences },
        },
      };
    case CHURN:
      return { flex: { ...state.flex, view: { churn: state.flex.view.churn + 1 } } };
    default:
      return state;
  }
}

/** A real Redux store (so subscribe/getState behave exactly like Flex's), counting its subscriptions. */
export function createStandInStore(workerSid: string): CountingStore {
  const store = createStore(reducer, initialState(workerSid));
  let listeners = 0;
  return {
    ...store,
    subscribe(listener: () => void) {
      const unsubscribe = store.subscribe(listener);
      listeners += 1;
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        listeners -= 1;
        unsubscribe();
      };
    },
    listenerCount: () => listeners,
  };
}
